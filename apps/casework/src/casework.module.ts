import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PlatformModule, ServiceRuntime } from '@lib/platform';
import { ActOnCaseUseCase } from './act-on-case/act-on-case.use-case';
import { AuthController, UsersController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { SessionGuard } from './auth/session.guard';
import { CasesController } from './cases/cases.controller';
import { CaseworkEnv } from './casework.env';
import { CaseEventsConsumer } from './project-case/case-events.consumer';
import { ProjectCaseUseCase } from './project-case/project-case.use-case';
import { CaseQueries } from './queues/case-queries';
import { TrackingController } from './tracking/tracking.controller';

@Module({})
export class CaseworkModule {
  static forRuntime(rt: ServiceRuntime<CaseworkEnv>): DynamicModule {
    return {
      module: CaseworkModule,
      imports: [PlatformModule.forRuntime(rt)],
      controllers: [CaseEventsConsumer, CasesController, AuthController, UsersController, TrackingController],
      providers: [
        ProjectCaseUseCase,
        ActOnCaseUseCase,
        CaseQueries,
        AuthService,
        { provide: APP_GUARD, useClass: SessionGuard },
      ],
    };
  }
}
