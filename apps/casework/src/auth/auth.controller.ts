import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Request, Response } from 'express';
import { signInternalToken } from '@lib/auth';
import { Clock } from '@lib/domain';
import { SERVICE_ENV } from '@lib/platform';
import { CaseworkEnv } from '../casework.env';
import { ForbiddenActionError } from '../domain/casework.errors';
import { Viewer } from '../domain/viewer';
import { AuthService } from './auth.service';
import { CurrentSessionId, CurrentViewer, Public, SESSION_COOKIE } from './session.guard';

class LoginDto {
  @IsString() @MinLength(1) @MaxLength(100) username: string;
  @IsString() @MinLength(1) @MaxLength(200) password: string;
}

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(SERVICE_ENV) private readonly env: CaseworkEnv,
    private readonly clock: Clock,
  ) {}

  /** Sign in: an httpOnly SameSite=Strict session cookie, and the CSRF token to send as x-csrf-token. */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const s = await this.auth.login(dto.username, dto.password, req.ip ?? 'unknown');
    res.cookie(SESSION_COOKIE, s.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.env.COOKIE_SECURE,
      path: '/',
      maxAge: this.env.SESSION_TTL_MINUTES * 60000,
    });
    return { user: s.viewer, csrfToken: s.csrfToken };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(
    @Req() req: Request & { cookies?: Record<string, string> },
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.auth.logout(req.cookies?.[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  me(@CurrentViewer() viewer: Viewer) {
    return viewer;
  }

  /**
   * A bearer token (HS256, 15 minutes) naming the signed-in user, their role and unit, for the internal APIs:
   * audit's auditor API and assignment's admin API. A POST, so it needs the session and its CSRF token. It names
   * the session too: logging out withdraws it (access.revoked), as does revoke-internal-tokens.
   */
  @Post('internal-token')
  @HttpCode(200)
  internalToken(@CurrentViewer() viewer: Viewer, @CurrentSessionId() sessionId: string) {
    const { token, claims } = signInternalToken(
      { sub: viewer.userId, roles: [viewer.role], unitId: viewer.unitId, sid: sessionId },
      this.env.INTERNAL_AUTH_SECRET,
      { now: this.clock.now() },
    );
    return {
      accessToken: token,
      tokenType: 'Bearer',
      expiresIn: claims.exp - claims.iat,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      roles: claims.roles,
    };
  }

  /** Withdraw every internal token issued to the signed-in user so far (a token leaked); the session stays. */
  @Post('revoke-internal-tokens')
  @HttpCode(204)
  async revokeInternalTokens(@CurrentViewer() viewer: Viewer) {
    await this.auth.revokeInternalTokens(viewer.userId);
  }
}

/** Accounts, for admins: closing one ends its sessions and withdraws its internal tokens. */
@Controller('api/users')
export class UsersController {
  constructor(private readonly auth: AuthService) {}

  @Post(':userId/deactivate')
  @HttpCode(204)
  async deactivate(@CurrentViewer() viewer: Viewer, @Param('userId') userId: string) {
    if (viewer.role !== 'admin') throw new ForbiddenActionError();
    await this.auth.deactivate(userId, viewer.userId);
  }

  @Post(':userId/activate')
  @HttpCode(204)
  async activate(@CurrentViewer() viewer: Viewer, @Param('userId') userId: string) {
    if (viewer.role !== 'admin') throw new ForbiddenActionError();
    await this.auth.activate(userId);
  }
}
