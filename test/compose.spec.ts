import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { envKeysOf, loadEnv } from '@lib/platform';
import { AssignmentEnv } from '../apps/assignment/src/assignment.env';
import { AuditEnv } from '../apps/audit/src/audit.env';
import { CaseworkEnv } from '../apps/casework/src/casework.env';
import { ClassificationEnv } from '../apps/classification/src/classification.env';
import { EscalationEnv } from '../apps/escalation/src/escalation.env';
import { IntakeEnv } from '../apps/intake/src/intake.env';

// No Docker engine runs here, so this checks the compose file against each app's validated configuration.
const ROOT = join(__dirname, '..');
const ENV_CLASSES: Record<string, new () => object> = {
  intake: IntakeEnv,
  classification: ClassificationEnv,
  assignment: AssignmentEnv,
  escalation: EscalationEnv,
  casework: CaseworkEnv,
  audit: AuditEnv,
};
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { environment?: Record<string, string | number>; command?: string[] }>;
};

describe('docker-compose.yml', () => {
  const apps = readdirSync(join(ROOT, 'apps'));

  it('has a service for every app, and every service runs its own app', () => {
    for (const app of apps) {
      expect(compose.services[app]).toBeDefined();
      expect(compose.services[app].command?.join(' ')).toContain(`dist/apps/${app}/src/main.js`);
    }
    expect(Object.keys(ENV_CLASSES).sort()).toEqual([...apps].sort());
  });

  it.each(Object.keys(ENV_CLASSES))(
    'gives %s only variables its config declares, and they validate',
    (app) => {
      const environment = Object.fromEntries(
        Object.entries(compose.services[app].environment ?? {}).map(([k, v]) => [k, String(v)]),
      );
      const known = envKeysOf(ENV_CLASSES[app]);
      expect(Object.keys(environment).filter((k) => !known.includes(k))).toEqual([]);
      const env = loadEnv(ENV_CLASSES[app], environment) as { PORT: number; DB_SCHEMA: string };
      expect(env.DB_SCHEMA).toBe(app);
      expect((compose.services[app] as { ports?: string[] }).ports).toEqual([`${env.PORT}:${env.PORT}`]);
    },
  );

  it('gives the services that sign or check internal tokens a secret from the host, never one in the file', () => {
    for (const app of ['casework', 'assignment', 'audit']) {
      expect(compose.services[app].environment?.INTERNAL_AUTH_SECRET).toMatch(
        /^\$\{INTERNAL_AUTH_SECRET:\?.+\}$/,
      );
    }
    for (const app of ['intake', 'classification', 'escalation'])
      expect(compose.services[app].environment?.INTERNAL_AUTH_SECRET).toBeUndefined();
  });

  it('gives every app the variables that have no safe default in a container', () => {
    for (const app of Object.keys(ENV_CLASSES)) {
      const keys = Object.keys(compose.services[app].environment ?? {});
      expect(keys).toEqual(
        expect.arrayContaining(['DATABASE_URL', 'KAFKA_BROKERS', 'HOST', 'PORT', 'DB_SCHEMA']),
      );
    }
  });
});
