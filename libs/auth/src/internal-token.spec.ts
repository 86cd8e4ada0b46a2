import { createHmac } from 'node:crypto';
import {
  INTERNAL_TOKEN_AUDIENCE,
  INTERNAL_TOKEN_ISSUER,
  InvalidTokenError,
  signInternalToken,
  verifyInternalToken,
} from './internal-token';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const NOW = new Date('2026-11-23T02:00:00.000Z');
const principal = { sub: 'u-auditor', roles: ['auditor'], unitId: 'hn-thanh-tra' };
const at = (secondsLater: number) => new Date(NOW.getTime() + secondsLater * 1000);

/** A token signed with the right secret over any header and claims (what an attacker cannot do without it). */
function craft(header: object, claims: object, secret = SECRET): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const validClaims = (over: object = {}) => ({
  iss: INTERNAL_TOKEN_ISSUER,
  aud: INTERNAL_TOKEN_AUDIENCE,
  ...principal,
  iat: NOW.getTime() / 1000,
  exp: NOW.getTime() / 1000 + 600,
  ...over,
});

const refusal = (token: string, now = NOW) => {
  try {
    verifyInternalToken(token, SECRET, now);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidTokenError);
    return (err as InvalidTokenError).message;
  }
  return 'accepted';
};

describe('internal bearer tokens', () => {
  it('carries the session it was issued in (sid), and leaves it out when there is none', () => {
    const { token, claims } = signInternalToken({ ...principal, sid: 'a'.repeat(32) }, SECRET, { now: NOW });
    expect(claims.sid).toBe('a'.repeat(32));
    expect(verifyInternalToken(token, SECRET, NOW).sid).toBe('a'.repeat(32));
    const plain = signInternalToken(principal, SECRET, { now: NOW });
    expect(plain.claims).not.toHaveProperty('sid');
    expect(verifyInternalToken(plain.token, SECRET, NOW)).not.toHaveProperty('sid');
  });

  it('signs an HS256 JWT with sub, roles, unitId, issuer, audience and a 15-minute lifetime, and verifies it', () => {
    const { token, claims } = signInternalToken(principal, SECRET, { now: NOW });
    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(claims).toMatchObject({ ...principal, iss: INTERNAL_TOKEN_ISSUER, aud: INTERNAL_TOKEN_AUDIENCE });
    expect(claims.exp - claims.iat).toBe(900);
    expect(verifyInternalToken(token, SECRET, at(899))).toEqual(claims);
  });

  it('refuses a token past its expiry (30 s of clock skew allowed)', () => {
    const { token } = signInternalToken(principal, SECRET, { now: NOW, ttlSeconds: 60 });
    expect(refusal(token, at(89))).toBe('accepted');
    expect(refusal(token, at(90))).toMatch(/expired/);
  });

  it('refuses a token signed with another secret or altered after signing', () => {
    const { token } = signInternalToken(principal, SECRET, { now: NOW });
    expect(refusal(signInternalToken(principal, `${SECRET}-other`, { now: NOW }).token)).toMatch(/signature/);
    const [h, , s] = token.split('.');
    const elevated = Buffer.from(JSON.stringify(validClaims({ roles: ['admin'] }))).toString('base64url');
    expect(refusal(`${h}.${elevated}.${s}`)).toMatch(/signature/);
  });

  it('refuses alg none, another algorithm, wrong issuer or audience, and lifetimes over 15 minutes', () => {
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify(validClaims()),
    ).toString('base64url')}.`;
    expect(refusal(unsigned)).toMatch(/not a JWT/);
    expect(refusal(craft({ alg: 'HS512', typ: 'JWT' }, validClaims()))).toMatch(/HS256/);
    expect(refusal(craft({ alg: 'HS256' }, validClaims({ iss: 'someone-else' })))).toMatch(/issuer/);
    expect(refusal(craft({ alg: 'HS256' }, validClaims({ aud: 'other-api' })))).toMatch(/internal APIs/);
    expect(refusal(craft({ alg: 'HS256' }, validClaims({ exp: NOW.getTime() / 1000 + 3600 })))).toMatch(
      /lifetime/,
    );
    expect(refusal(craft({ alg: 'HS256' }, validClaims({ iat: NOW.getTime() / 1000 + 120 })))).toMatch(
      /future/,
    );
  });

  it('refuses tokens without a subject, roles or unit, and strings that are no JWT', () => {
    expect(refusal(craft({ alg: 'HS256' }, validClaims({ sub: '' })))).toMatch(/required/);
    expect(refusal(craft({ alg: 'HS256' }, validClaims({ roles: 'admin' })))).toMatch(/required/);
    expect(refusal(craft({ alg: 'HS256' }, validClaims({ unitId: undefined })))).toMatch(/required/);
    expect(refusal('abc')).toMatch(/not a JWT/);
    expect(refusal('a.b.c')).toMatch(/malformed/);
  });

  it('will not sign a token living longer than 15 minutes, or with a short secret', () => {
    expect(() => signInternalToken(principal, SECRET, { now: NOW, ttlSeconds: 901 })).toThrow(/ttlSeconds/);
    expect(() => signInternalToken(principal, 'short', { now: NOW })).toThrow(/32/);
  });
});
