import { DomainError } from '@lib/domain';

export class CaseNotFoundError extends DomainError {
  constructor() {
    super('CASEWORK.NOT_FOUND', 'Không tìm thấy hồ sơ');
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(action: string, status: string, allowed: readonly string[]) {
    super(
      'CASEWORK.INVALID_TRANSITION',
      `Không thể thực hiện "${action}" khi hồ sơ ở trạng thái "${status}"`,
      {
        status,
        allowedActions: allowed,
      },
    );
  }
}

export class ForbiddenActionError extends DomainError {
  constructor(message = 'Bạn không có quyền thực hiện thao tác này') {
    super('CASEWORK.FORBIDDEN', message);
  }
}

export class ActionValidationError extends DomainError {
  constructor(fields: { field: string; reason: string }[]) {
    super('CASEWORK.VALIDATION_FAILED', 'Dữ liệu không hợp lệ', { fields });
  }
}

export class ActionConflictError extends DomainError {
  constructor(message: string) {
    super('CASEWORK.CONFLICT', message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Bạn cần đăng nhập') {
    super('CASEWORK.UNAUTHENTICATED', message);
  }
}

export class TooManyAttemptsError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('CASEWORK.RATE_LIMITED', 'Quá nhiều lần thử, vui lòng thử lại sau', { retryAfterSeconds });
  }
}

export class UserNotFoundError extends DomainError {
  constructor(userId: string) {
    super('CASEWORK.NOT_FOUND', 'Không tìm thấy người dùng', { userId });
  }
}
