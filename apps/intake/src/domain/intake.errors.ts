import { DomainError } from '@lib/domain';
import vi from '../locales/vi.json';

export interface FieldProblem {
  field: string;
  reason: string;
}

export class IntakeValidationError extends DomainError {
  constructor(fields: FieldProblem[]) {
    super('INTAKE.VALIDATION_FAILED', vi['error.validation'], { fields });
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super('INTAKE.IDEMPOTENCY_KEY_REUSED', vi['error.idempotencyKeyReused']);
  }
}

/** An uploaded import file that cannot be read as what its content type says (answered with 400). */
export class ImportFileUnreadableError extends DomainError {
  constructor(reason: string, more: FieldProblem[] = []) {
    super('INTAKE.FILE_UNREADABLE', vi['error.fileUnreadable'], {
      fields: [{ field: 'file', reason }, ...more],
    });
  }
}

/** An import file, or what it unpacks to, beyond the configured limits (answered with 413). */
export class ImportFileTooLargeError extends DomainError {
  constructor(reason: string) {
    super('INTAKE.FILE_TOO_LARGE', vi['error.fileTooLarge'], { fields: [{ field: 'file', reason }] });
  }
}
