import { Provider } from '@nestjs/common';
import { SERVICE_ENV } from '@lib/platform';
import { AuditEnv } from '../audit.env';
import { AuditDb } from './audit-db';
import { LiveDb } from './live-db';
import { WriterRole } from './writer-role';

export function openAuditDb(env: AuditEnv, applicationName: string): AuditDb {
  return new AuditDb({ url: env.DATABASE_URL, schema: env.DB_SCHEMA, max: 4, applicationName });
}

export function openLiveDb(env: AuditEnv, applicationName: string): LiveDb {
  return new LiveDb(
    new AuditDb({
      url: env.AUDIT_LIVE_DATABASE_URL || env.DATABASE_URL,
      schema: 'public',
      max: 2,
      applicationName,
      readOnly: true,
    }),
  );
}

export function writerRoleFor(env: AuditEnv): WriterRole {
  return new WriterRole(env.AUDIT_DB_ROLE === 'none' ? null : env.AUDIT_DB_ROLE);
}

/** The pools and role the auditor API uses, built from the service's validated env and closed with it. */
export const auditDbProviders: Provider[] = [
  { provide: AuditDb, inject: [SERVICE_ENV], useFactory: (env: AuditEnv) => openAuditDb(env, 'audit-api') },
  {
    provide: LiveDb,
    inject: [SERVICE_ENV],
    useFactory: (env: AuditEnv) => openLiveDb(env, 'audit-api-live'),
  },
  { provide: WriterRole, inject: [SERVICE_ENV], useFactory: writerRoleFor },
];
