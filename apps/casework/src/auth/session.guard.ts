import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { ForbiddenActionError, UnauthenticatedError } from '../domain/casework.errors';
import { Viewer } from '../domain/viewer';
import { AuthService } from './auth.service';

export const SESSION_COOKIE = 'sid';
export const PUBLIC_ROUTE = 'casework:public';

/** Marks a route that needs no session (login, public tracking, health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

type AuthedRequest = Request & { viewer?: Viewer; sessionId?: string; cookies?: Record<string, string> };

/** Every /api route needs a valid session; every state-changing request also needs the session's CSRF token. */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (isPublic) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    if (!req.path.startsWith('/api/')) return true;
    const session = await this.auth.resolve(req.cookies?.[SESSION_COOKIE]);
    if (!session) throw new UnauthenticatedError();
    if (
      !['GET', 'HEAD', 'OPTIONS'].includes(req.method) &&
      req.header('x-csrf-token') !== session.csrfToken
    ) {
      throw new ForbiddenActionError('Thiếu hoặc sai mã CSRF');
    }
    req.viewer = session.viewer;
    req.sessionId = session.sessionId;
    return true;
  }
}

/** The signed-in user of the request. */
export const CurrentViewer = createParamDecorator((_data: unknown, ctx: ExecutionContext): Viewer => {
  const viewer = ctx.switchToHttp().getRequest<AuthedRequest>().viewer;
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
});

/** The id of the request's session (the sid internal tokens issued in it carry). */
export const CurrentSessionId = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const sessionId = ctx.switchToHttp().getRequest<AuthedRequest>().sessionId;
  if (!sessionId) throw new UnauthenticatedError();
  return sessionId;
});
