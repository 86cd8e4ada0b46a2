import { AuditInputError } from '../domain/audit.errors';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
// Schemas a replay may never write into, whatever --replace says.
const PROTECTED = new Set([
  'public',
  'information_schema',
  'intake',
  'classification',
  'assignment',
  'escalation',
  'casework',
  'audit',
]);

/** A replay writes into a schema of its own; never a service's schema, the live one or a system schema. */
export function assertReplayTarget(into: string, forbidden: string[]): void {
  if (!IDENTIFIER.test(into))
    throw new AuditInputError(`--into must be a lower-case SQL identifier, got "${into}"`, { into });
  if (PROTECTED.has(into) || forbidden.includes(into) || into.startsWith('pg_'))
    throw new AuditInputError(`refusing to replay into "${into}": it is a service or system schema`, {
      into,
    });
}

export function assertSchemaName(name: string, flag: string): void {
  if (!IDENTIFIER.test(name))
    throw new AuditInputError(`${flag} must be a lower-case SQL identifier, got "${name}"`, { [flag]: name });
}

/** The comment a replay puts on its schema; only such a schema may be replaced. */
export const REPLAY_SCHEMA_COMMENT = 'audit replay';
