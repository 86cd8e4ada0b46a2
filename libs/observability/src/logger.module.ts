import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { REDACT_PATHS } from './logger';

/** Structured JSON logs (pino) for one service; request logs carry the caseId when a route has one. */
@Module({})
export class ServiceLoggerModule {
  static forService(service: string, level: string): DynamicModule {
    return {
      module: ServiceLoggerModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level,
            base: { service },
            redact: { paths: REDACT_PATHS, censor: '[redacted]' },
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
            customProps: (req) => {
              const m = /\/cases\/([0-9a-f-]{36})/.exec((req as { url?: string }).url ?? '');
              return m ? { caseId: m[1] } : {};
            },
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
