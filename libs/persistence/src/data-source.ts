import { DataSource, DataSourceOptions, EntitySchema } from 'typeorm';

/** A class TypeORM can read decorators from (entities, migrations). */
export type ClassType = abstract new (...args: never[]) => unknown;
import { ensureDatabase, ensureSchema } from './ensure-database';

export interface ServiceDataSourceConfig {
  url: string;
  /** The service's own schema; a service never reads another service's tables. */
  schema: string;
  entities: (ClassType | string | EntitySchema)[];
  migrations: (ClassType | string)[];
  poolSize?: number;
  applicationName?: string;
}

export function serviceDataSourceOptions(cfg: ServiceDataSourceConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: cfg.url,
    schema: cfg.schema,
    entities: cfg.entities,
    migrations: cfg.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // Schemas come from reviewed migrations only.
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: {
      max: cfg.poolSize ?? 10,
      application_name: cfg.applicationName ?? cfg.schema,
      options: `-c search_path=${cfg.schema},public`,
    },
  };
}

/** Create the database and schema when missing, connect, and apply pending migrations. */
export async function openServiceDataSource(cfg: ServiceDataSourceConfig): Promise<DataSource> {
  await ensureDatabase(cfg.url);
  await ensureSchema(cfg.url, cfg.schema);
  const ds = new DataSource(serviceDataSourceOptions(cfg));
  await ds.initialize();
  await runMigrationsLocked(ds, cfg.schema);
  return ds;
}

/** Replicas starting together must not run the same migration twice: serialise on an advisory lock. */
export async function runMigrationsLocked(ds: DataSource, schema: string): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}

/** The schema a migration runs in: the service's configured DB_SCHEMA. */
export function schemaOf(q: { connection: { options: unknown } }): string {
  return (q.connection.options as { schema?: string }).schema ?? 'public';
}
