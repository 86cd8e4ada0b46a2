import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { DEV_INTERNAL_AUTH_SECRET, IsInternalAuthSecret } from '@lib/auth';
import { BaseServiceEnv } from '@lib/platform';

const toInt = ({ value }: { value: unknown }) => Number(value);

export class CaseworkEnv extends BaseServiceEnv {
  override PORT = 3000;
  override DB_SCHEMA = 'casework';

  /** A session ends this long after login, whatever happens. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  SESSION_TTL_MINUTES = 480;

  /** A session ends after this long without a request. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES = 60;

  /** Failed logins allowed per username in 15 minutes before refusing. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  /** Seed the documented demo users (local stack and tests). */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  SEED_DEMO_USERS = true;

  @IsString()
  @MinLength(8)
  DEMO_PASSWORD = 'MatKhau@2026';

  /** Secure cookies (only over HTTPS); off for the local stack. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  COOKIE_SECURE = false;

  /** HS256 secret of the internal bearer tokens (libs/auth) casework issues; must be set in production. */
  @IsInternalAuthSecret()
  INTERNAL_AUTH_SECRET: string = DEV_INTERNAL_AUTH_SECRET;
}
