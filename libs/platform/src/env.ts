import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { DEFAULT_DATABASE_URL } from '@lib/persistence';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** Variables every service reads. Each app extends this with its own and a default PORT and DB_SCHEMA. */
export class BaseServiceEnv {
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = DEFAULT_DATABASE_URL;

  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DB_SCHEMA must be a lower-case SQL identifier' })
  DB_SCHEMA: string;

  @IsString()
  @IsNotEmpty()
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number;

  @IsString()
  HOST: string = '127.0.0.1';

  /**
   * Prefix for every topic and consumer group (empty in every deployment; test runs set one so they never
   * share topics or groups with a running stack).
   */
  @Matches(/^([a-z0-9-]+\.)?$/, { message: 'KAFKA_NAMESPACE must be empty or like "t123."' })
  KAFKA_NAMESPACE: string = '';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  KAFKA_PARTITIONS: number = 6;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS: number = 250;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  CONSUMER_MAX_ATTEMPTS: number = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  CONSUMER_CONCURRENCY: number = 3;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE: number = 10;
}

/** Thrown at boot when the environment is invalid; names every bad variable. */
export class InvalidEnvironmentError extends Error {}

/** Validate process.env into a typed env object; a bad env stops the boot. */
export function loadEnv<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new cls() as Record<string, unknown>;
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) plain[key] = defaults[key];
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') plain[k] = v;
  const instance = plainToInstance(cls, plain, { exposeDefaultValues: true });
  const errors = validateSync(instance as object, { whitelist: false });
  if (errors.length) {
    const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new InvalidEnvironmentError(`invalid environment:\n${lines.join('\n')}`);
  }
  return instance;
}

/** The variable names an env class reads (used to check docker-compose against each app's config). */
export function envKeysOf(cls: new () => object): string[] {
  return Object.keys(new cls()).sort();
}
