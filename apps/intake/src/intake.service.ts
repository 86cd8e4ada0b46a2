import { NextFunction, Request, Response } from 'express';
import { ServiceDefinition } from '@lib/platform';
import { IntakeEnv } from './intake.env';
import { IntakeModule } from './intake.module';
import { IdempotencyKeyEntity } from './infrastructure/idempotency-key.entity';
import { CreateIntakeSchema1763900000000 } from './infrastructure/migrations/1763900000000-create-intake-schema';
import { PetitionCaseEntity } from './infrastructure/petition-case.entity';

export const intakeService: ServiceDefinition<IntakeEnv> = {
  name: 'intake',
  envClass: IntakeEnv,
  entities: [PetitionCaseEntity, IdempotencyKeyEntity],
  migrations: [CreateIntakeSchema1763900000000],
  module: (rt) => IntakeModule.forRuntime(rt),
  bodyLimit: '512kb',
  configure: (app) => {
    // Writes accept JSON only: anything else is refused before it reaches validation.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is('application/json')) {
        res
          .status(415)
          .json({ statusCode: 415, error: 'UNSUPPORTED_MEDIA_TYPE', message: 'Chỉ nhận application/json' });
        return;
      }
      next();
    });
  },
};
