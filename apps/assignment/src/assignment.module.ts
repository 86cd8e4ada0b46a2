import { DynamicModule, Module } from '@nestjs/common';
import { TokenRevocations, TokenRevocationsConsumer } from '@lib/auth';
import { PlatformModule, ServiceRuntime } from '@lib/platform';
import { AssignmentEnv } from './assignment.env';
import { AdminController } from './administer-directory/admin.controller';
import { ChangeDirectoryUseCase } from './administer-directory/change-directory.use-case';
import { AssignCaseUseCase } from './assign-case/assign-case.use-case';
import { StartStageUseCase } from './assign-case/start-stage.use-case';
import { CaseActivityConsumer } from './assign-case/case-activity.consumer';
import { CaseClassifiedConsumer } from './assign-case/case-classified.consumer';
import { DirectoryController } from './directory/directory.controller';
import { DirectoryRepository } from './directory/directory.repository';
import { PreviewRoutingController } from './preview-routing/preview-routing.controller';

@Module({})
export class AssignmentModule {
  static forRuntime(rt: ServiceRuntime<AssignmentEnv>): DynamicModule {
    return {
      module: AssignmentModule,
      imports: [PlatformModule.forRuntime(rt)],
      controllers: [
        CaseClassifiedConsumer,
        CaseActivityConsumer,
        DirectoryController,
        PreviewRoutingController,
        AdminController,
        TokenRevocationsConsumer,
      ],
      providers: [
        AssignCaseUseCase,
        StartStageUseCase,
        DirectoryRepository,
        ChangeDirectoryUseCase,
        TokenRevocations,
      ],
    };
  }
}
