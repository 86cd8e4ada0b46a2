import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, ServiceRuntime } from '@lib/platform';
import { CasesController } from './cases/cases.controller';
import { CaseworkEnv } from './casework.env';
import { CaseEventsConsumer } from './project-case/case-events.consumer';
import { ProjectCaseUseCase } from './project-case/project-case.use-case';

@Module({})
export class CaseworkModule {
  static forRuntime(rt: ServiceRuntime<CaseworkEnv>): DynamicModule {
    return {
      module: CaseworkModule,
      imports: [PlatformModule.forRuntime(rt)],
      controllers: [CaseEventsConsumer, CasesController],
      providers: [ProjectCaseUseCase],
    };
  }
}
