import { classify } from './domain/classifier';
import { ServiceDefinition } from '@lib/platform';
import { ClassificationEnv } from './classification.env';
import { ClassificationModule } from './classification.module';
import { ClassificationEntity } from './infrastructure/classification.entity';
import { FeedbackEntity } from './infrastructure/feedback.entity';
import { CreateClassificationSchema1763900000000 } from './infrastructure/migrations/1763900000000-create-classification-schema';

export const classificationService: ServiceDefinition<ClassificationEnv> = {
  name: 'classification',
  envClass: ClassificationEnv,
  entities: [ClassificationEntity, FeedbackEntity],
  migrations: [CreateClassificationSchema1763900000000],
  consumerGroup: 'classification',
  module: (rt) => ClassificationModule.forRuntime(rt),
  configure: (_app, rt) => {
    // Load the model before the first case arrives.
    const r = classify({ content: 'Khởi động bộ phân loại' });
    rt.logger.info({ modelVersion: r.modelVersion }, 'classifier model loaded');
  },
};
