import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { Response } from 'express';
import { DomainError } from '@lib/domain';

// Stable error codes map to HTTP here, in one place; use cases never throw HTTP exceptions.
function statusFor(code: string): number {
  if (code.endsWith('.VALIDATION_FAILED')) return 400;
  if (code.endsWith('.NOT_FOUND')) return 404;
  if (code.endsWith('.FORBIDDEN')) return 403;
  if (code.endsWith('.UNAUTHENTICATED')) return 401;
  if (code.endsWith('.INVALID_TRANSITION') || code.endsWith('.CONFLICT')) return 409;
  if (code.endsWith('.RATE_LIMITED')) return 429;
  if (code.endsWith('.UNPROCESSABLE') || code.endsWith('.IDEMPOTENCY_KEY_REUSED')) return 422;
  return 400;
}

@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(err: DomainError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const status = statusFor(err.code);
    res.status(status).json({ statusCode: status, error: err.code, message: err.message, ...err.details });
  }
}
