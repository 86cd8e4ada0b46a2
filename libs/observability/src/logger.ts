import pino, { Logger } from 'pino';

// Personal data never reaches the logs: national ID numbers, phone numbers, petitioner identity.
export const REDACT_PATHS = [
  'nationalId',
  'phone',
  '*.nationalId',
  '*.phone',
  '*.*.nationalId',
  '*.*.phone',
  'petitioner',
  '*.petitioner',
  '*.*.petitioner',
  'req.headers.cookie',
  'req.headers.authorization',
  'password',
  '*.password',
];

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
