import { EventValidationError } from '@lib/contracts';
import { PermanentError } from '@lib/domain';

const PG_TRANSIENT = new Set(['40001', '40P01', '53300', '55P03', '57P01', '57P02', '57P03']);

/** An error that retrying can never fix: dead-letter at once. */
export function isPermanentError(err: unknown): boolean {
  return err instanceof EventValidationError || err instanceof PermanentError;
}

/** The SQLSTATE or system error code of a failure: TypeORM keeps the driver's error under driverError. */
export function errorCode(err: unknown): string | undefined {
  const e = err as { code?: string; driverError?: { code?: string } } | undefined;
  return e?.driverError?.code ?? e?.code;
}

/**
 * An outage of the database or the broker, not a fault of the message: retry without limit, never dead-letter,
 * so a database restart loses nothing.
 */
export function isInfrastructureError(err: unknown): boolean {
  const e = err as { message?: string; retriable?: boolean; name?: string } | undefined;
  const code = errorCode(err);
  if (code && (code.startsWith('08') || PG_TRANSIENT.has(code))) return true;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(code)) return true;
  const msg = e?.message ?? '';
  if (
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      msg,
    )
  )
    return true;
  if (e?.name?.startsWith('KafkaJS') && e.retriable) return true;
  return false;
}
