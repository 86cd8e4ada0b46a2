import { DomainError } from '@lib/domain';

/** No stored event matches the case id or tracking code asked for. */
export class CaseNotInStoreError extends DomainError {
  constructor(ref: string) {
    super('AUDIT.NOT_FOUND', `no stored events for case ${ref}`, { case: ref });
  }
}

/** A command's arguments can never succeed (bad schema name, window, format…). */
export class AuditInputError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('AUDIT.VALIDATION_FAILED', message, details);
  }
}

/** The replay target already exists and was not made by a replay, or must not be replaced. */
export class ReplayTargetError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('AUDIT.CONFLICT', message, details);
  }
}
