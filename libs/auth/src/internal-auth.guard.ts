import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request, Response } from 'express';
import { Clock } from '@lib/domain';
import { SERVICE_ENV } from '@lib/platform';
import {
  InternalTokenClaims,
  InvalidTokenError,
  MissingRoleError,
  verifyInternalToken,
} from './internal-token';
import { TokenRevocations } from './token-revocations';

const REQUIRED_ROLES = 'auth:required-roles';

/** The roles a route (or every route of a controller) accepts; a token holding any one of them passes. */
export const RequireRoles = (...roles: string[]) => SetMetadata(REQUIRED_ROLES, roles);

type AuthedRequest = Request & { principal?: InternalTokenClaims };

/**
 * Internal APIs: a bearer token casework issued (POST /api/auth/internal-token), checked with the shared
 * INTERNAL_AUTH_SECRET. 401 when it is missing, forged, expired or withdrawn (TokenRevocations, fed by
 * access.revoked); 403 when its roles do not match RequireRoles.
 * Errors are DomainErrors, so the platform filter answers them in the services' usual shape.
 */
@Injectable()
export class InternalAuthGuard implements CanActivate {
  private readonly secret: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly clock: Clock,
    private readonly revocations: TokenRevocations,
    @Inject(SERVICE_ENV) env: { INTERNAL_AUTH_SECRET?: string },
  ) {
    if (!env.INTERNAL_AUTH_SECRET) throw new Error('the service env class must declare INTERNAL_AUTH_SECRET');
    this.secret = env.INTERNAL_AUTH_SECRET;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const http = ctx.switchToHttp();
    const req = http.getRequest<AuthedRequest>();
    const res = http.getResponse<Response>();
    const m = /^Bearer +([^ ]+)$/i.exec(req.header('authorization') ?? '');
    let claims: InternalTokenClaims;
    try {
      if (!m) throw new InvalidTokenError('none given (Authorization: Bearer …, from casework)');
      claims = verifyInternalToken(m[1], this.secret, this.clock.now());
      // casework withdrew it (the session ended, or the user withdrew all their tokens): access.revoked.
      if (await this.revocations.isRevoked(claims)) throw new InvalidTokenError('revoked');
    } catch (err) {
      res.setHeader('WWW-Authenticate', `Bearer realm="internal"${m ? ', error="invalid_token"' : ''}`);
      throw err;
    }
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (required?.length && !claims.roles.some((r) => required.includes(r)))
      throw new MissingRoleError(required);
    req.principal = claims;
    return true;
  }
}

/** The token's principal on a route InternalAuthGuard let through. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new InvalidTokenError('route is not guarded by InternalAuthGuard');
  return principal;
});
