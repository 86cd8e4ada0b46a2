import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { Response } from 'express';
import { ImportFileTooLargeError } from '../domain/intake.errors';

/** An import file (or what it unpacks to) beyond the limits is 413, like a body over the parser's limit. */
@Catch(ImportFileTooLargeError)
export class ImportFileTooLargeFilter implements ExceptionFilter {
  catch(err: ImportFileTooLargeError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(413)
      .json({ statusCode: 413, error: err.code, message: err.message, ...err.details });
  }
}
