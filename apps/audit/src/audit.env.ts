import { Transform } from 'class-transformer';
import { IsInt, Matches, Min } from 'class-validator';
import { DEV_INTERNAL_AUTH_SECRET, IsInternalAuthSecret } from '@lib/auth';
import { BaseServiceEnv } from '@lib/platform';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

export class AuditEnv extends BaseServiceEnv {
  override PORT = 3005;
  override DB_SCHEMA = 'audit';

  /** Role appends and digests run as (no UPDATE/DELETE on event_store); "none" appends as the login role. */
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'AUDIT_DB_ROLE must be a lower-case role name or "none"' })
  AUDIT_DB_ROLE: string = 'audit_writer';

  /** How often the service digests closed days; 0 turns the timer off (the CLI `digest` still works). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  AUDIT_DIGEST_INTERVAL_MS: number = 600_000;

  /** Database holding the live casework schema a replay is compared with; empty: DATABASE_URL. Read only. */
  @Matches(/^(postgres(ql)?:\/\/.+)?$/, {
    message: 'AUDIT_LIVE_DATABASE_URL must be empty or a postgres:// URL',
  })
  AUDIT_LIVE_DATABASE_URL: string = '';

  /** HS256 secret shared with casework for internal bearer tokens (libs/auth); must be set in production. */
  @IsInternalAuthSecret()
  INTERNAL_AUTH_SECRET: string = DEV_INTERNAL_AUTH_SECRET;
}
