import { NextFunction, Request, Response } from 'express';
import { ServiceDefinition } from '@lib/platform';
import { IntakeEnv } from './intake.env';
import { IntakeModule } from './intake.module';
import { XLSX_MEDIA_TYPE } from './import-conference/xlsx';
import vi from './locales/vi.json';
import { IdempotencyKeyEntity } from './infrastructure/idempotency-key.entity';
import { CreateIntakeSchema1763900000000 } from './infrastructure/migrations/1763900000000-create-intake-schema';
import { AddRepeatDetectionAndConferences1763920000000 } from './infrastructure/migrations/1763920000000-add-repeat-detection-and-conferences';
import { PetitionCaseEntity } from './infrastructure/petition-case.entity';

export const intakeService: ServiceDefinition<IntakeEnv> = {
  name: 'intake',
  envClass: IntakeEnv,
  entities: [PetitionCaseEntity, IdempotencyKeyEntity],
  migrations: [CreateIntakeSchema1763900000000, AddRepeatDetectionAndConferences1763920000000],
  module: (rt) => IntakeModule.forRuntime(rt),
  bodyLimit: '512kb',
  openApi: {
    title: 'Intake API',
    description:
      'Registering petitions from every channel; attachment files; conference import (CSV or XLSX); receipts.',
  },
  configure: (app, rt) => {
    app.useBodyParser('text', { type: 'text/csv', limit: '5mb' });
    app.useBodyParser('raw', { type: XLSX_MEDIA_TYPE, limit: rt.env.IMPORT_XLSX_MAX_BYTES });
    app.useBodyParser('raw', { type: 'application/octet-stream', limit: '20mb' });
    // Each write accepts its own content types only: anything else is refused before it reaches validation.
    app.use((req: Request, res: Response, next: NextFunction) => {
      const accepted =
        req.path === '/conferences/import'
          ? ['text/csv', XLSX_MEDIA_TYPE]
          : req.path === '/attachments'
            ? ['application/octet-stream']
            : ['application/json'];
      if (['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is(accepted)) {
        res.status(415).json({
          statusCode: 415,
          error: 'UNSUPPORTED_MEDIA_TYPE',
          message: vi['error.unsupportedMediaType'].replace('{{types}}', accepted.join(', ')),
        });
        return;
      }
      next();
    });
  },
};
