import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Request } from 'express';

/**
 * Auditor-only routes. Until casework brings real sessions, the caller states its role in `x-role`; anything
 * but "auditor" is refused with 403. Replace with the session's role once it exists.
 */
@Injectable()
export class AuditorGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (req.header('x-role') === 'auditor') return true;
    throw new ForbiddenException({
      statusCode: 403,
      error: 'AUDIT.FORBIDDEN',
      message: 'auditor role required (x-role: auditor)',
    });
  }
}
