import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@lib/domain';

/** Who issues internal tokens (casework, which owns users and sessions) and who accepts them. */
export const INTERNAL_TOKEN_ISSUER = 'petition-router/casework';
export const INTERNAL_TOKEN_AUDIENCE = 'petition-router/internal-api';
/** Tokens live at most this long; verify refuses a longer-lived one even if correctly signed. */
export const INTERNAL_TOKEN_MAX_TTL_SECONDS = 15 * 60;
/** Clock difference tolerated between the issuing and the verifying service. */
const LEEWAY_SECONDS = 30;
/** HS256 wants a key at least as long as its output (RFC 7518 §3.2). */
export const MIN_SECRET_LENGTH = 32;

/** The signed-in user a token speaks for. */
export interface InternalPrincipal {
  /** The user id (casework's users.id). */
  sub: string;
  roles: string[];
  unitId: string;
  /** casework's session the token was issued in (ending the session withdraws the token); absent in older tokens. */
  sid?: string;
}

export interface InternalTokenClaims extends InternalPrincipal {
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
}

/** No token, or one that is malformed, forged, expired or not meant for us: HTTP 401. */
export class InvalidTokenError extends DomainError {
  constructor(reason: string) {
    super('AUTH.UNAUTHENTICATED', `bearer token refused: ${reason}`);
  }
}

/** A valid token whose roles do not allow the request: HTTP 403. */
export class MissingRoleError extends DomainError {
  constructor(required: readonly string[]) {
    super('AUTH.FORBIDDEN', `role ${required.join(' or ')} required`, { requiredRoles: [...required] });
  }
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const B64URL = /^[A-Za-z0-9_-]+$/;

function mac(secret: string, signingInput: string): Buffer {
  if (secret.length < MIN_SECRET_LENGTH)
    throw new Error(`the token secret needs ${MIN_SECRET_LENGTH}+ characters`);
  return createHmac('sha256', secret).update(signingInput).digest();
}

/** Sign a short-lived HS256 JWT for a principal. */
export function signInternalToken(
  principal: InternalPrincipal,
  secret: string,
  opts: { now: Date; ttlSeconds?: number },
): { token: string; claims: InternalTokenClaims } {
  const ttl = opts.ttlSeconds ?? INTERNAL_TOKEN_MAX_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > INTERNAL_TOKEN_MAX_TTL_SECONDS)
    throw new Error(`ttlSeconds must be 1…${INTERNAL_TOKEN_MAX_TTL_SECONDS}`);
  const iat = Math.floor(opts.now.getTime() / 1000);
  const claims: InternalTokenClaims = {
    iss: INTERNAL_TOKEN_ISSUER,
    aud: INTERNAL_TOKEN_AUDIENCE,
    sub: principal.sub,
    roles: [...principal.roles],
    unitId: principal.unitId,
    ...(principal.sid ? { sid: principal.sid } : {}),
    iat,
    exp: iat + ttl,
    jti: randomUUID(),
  };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return { token: `${input}.${mac(secret, input).toString('base64url')}`, claims };
}

function parsePart(part: string, what: string): Record<string, unknown> {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  throw new InvalidTokenError(`malformed ${what}`);
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

/** Check signature, algorithm, issuer, audience and lifetime; answer the claims or throw InvalidTokenError. */
export function verifyInternalToken(token: string, secret: string, now: Date): InternalTokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) throw new InvalidTokenError('not a JWT');
  const [header, payload, signature] = parts;
  // The algorithm is fixed here, never taken from the token ("alg": "none" or a public-key confusion).
  if (parsePart(header, 'header').alg !== 'HS256') throw new InvalidTokenError('algorithm must be HS256');
  const expected = mac(secret, `${header}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new InvalidTokenError('bad signature');
  const c = parsePart(payload, 'claims');
  if (c.iss !== INTERNAL_TOKEN_ISSUER) throw new InvalidTokenError('unknown issuer');
  const audiences = Array.isArray(c.aud) ? c.aud : [c.aud];
  if (!audiences.includes(INTERNAL_TOKEN_AUDIENCE))
    throw new InvalidTokenError('not meant for the internal APIs');
  if (!isText(c.sub) || !isText(c.unitId) || !Array.isArray(c.roles) || !c.roles.every(isText))
    throw new InvalidTokenError('sub, roles and unitId are required');
  if (!Number.isInteger(c.iat) || !Number.isInteger(c.exp))
    throw new InvalidTokenError('iat and exp are required');
  const iat = c.iat as number;
  const exp = c.exp as number;
  const t = Math.floor(now.getTime() / 1000);
  if (exp - iat > INTERNAL_TOKEN_MAX_TTL_SECONDS || exp <= iat)
    throw new InvalidTokenError('lifetime too long');
  if (iat > t + LEEWAY_SECONDS) throw new InvalidTokenError('issued in the future');
  if (exp <= t - LEEWAY_SECONDS) throw new InvalidTokenError('expired');
  return {
    iss: c.iss,
    aud: INTERNAL_TOKEN_AUDIENCE,
    sub: c.sub,
    roles: c.roles as string[],
    unitId: c.unitId,
    ...(isText(c.sid) ? { sid: c.sid } : {}),
    iat,
    exp,
    jti: typeof c.jti === 'string' ? c.jti : '',
  };
}
