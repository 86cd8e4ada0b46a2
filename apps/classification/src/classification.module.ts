import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, ServiceRuntime } from '@lib/platform';
import { ClassificationEnv } from './classification.env';
import { CaseReceivedConsumer } from './classify-case/case-received.consumer';
import { ClassifyCaseUseCase } from './classify-case/classify-case.use-case';
import { ClassifyController } from './classify-case/classify.controller';
import { CaseActivityConsumer } from './reclassify-case/case-activity.consumer';
import { ReclassifyCaseUseCase } from './reclassify-case/reclassify-case.use-case';

@Module({})
export class ClassificationModule {
  static forRuntime(rt: ServiceRuntime<ClassificationEnv>): DynamicModule {
    return {
      module: ClassificationModule,
      imports: [PlatformModule.forRuntime(rt)],
      controllers: [CaseReceivedConsumer, CaseActivityConsumer, ClassifyController],
      providers: [ClassifyCaseUseCase, ReclassifyCaseUseCase],
    };
  }
}
