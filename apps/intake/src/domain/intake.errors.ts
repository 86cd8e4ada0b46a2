import { DomainError } from '@lib/domain';

export class IntakeValidationError extends DomainError {
  constructor(fields: { field: string; reason: string }[]) {
    super('INTAKE.VALIDATION_FAILED', 'Dữ liệu không hợp lệ', { fields });
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super('INTAKE.IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key đã được dùng cho một yêu cầu khác');
  }
}
