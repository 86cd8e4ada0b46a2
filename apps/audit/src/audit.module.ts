import { DynamicModule, Module } from '@nestjs/common';
import { TokenRevocations } from '@lib/auth';
import { PlatformModule, ServiceRuntime } from '@lib/platform';
import { AppendEventUseCase } from './append-event/append-event.use-case';
import { AccessRevokedConsumer } from './append-event/access-revoked.consumer';
import { AppendGuardReport } from './append-event/append-guard.report';
import { CaseEventsConsumer } from './append-event/case-events.consumer';
import { DirectoryChangedConsumer } from './append-event/directory-changed.consumer';
import { EventsController } from './append-event/events.controller';
import { AuditEnv } from './audit.env';
import { AuditorController } from './auditor-api/auditor.controller';
import { ComputeDigestsUseCase } from './compute-digests/compute-digests.use-case';
import { DigestScheduler } from './compute-digests/digest.scheduler';
import { ExportEventsUseCase } from './export-events/export-events.use-case';
import { auditDbProviders } from './infrastructure/audit-db.providers';
import { RebuildAsOfUseCase } from './rebuild-as-of/rebuild-as-of.use-case';
import { ReplayProjectionUseCase } from './replay-projection/replay-projection.use-case';
import { ShowTimelineUseCase } from './show-timeline/show-timeline.use-case';
import { VerifyStoreUseCase } from './verify-store/verify-store.use-case';

@Module({})
export class AuditModule {
  static forRuntime(rt: ServiceRuntime<AuditEnv>): DynamicModule {
    return {
      module: AuditModule,
      imports: [PlatformModule.forRuntime(rt)],
      controllers: [
        CaseEventsConsumer,
        DirectoryChangedConsumer,
        AccessRevokedConsumer,
        EventsController,
        AuditorController,
      ],
      providers: [
        ...auditDbProviders,
        AppendEventUseCase,
        AppendGuardReport,
        VerifyStoreUseCase,
        ShowTimelineUseCase,
        RebuildAsOfUseCase,
        ReplayProjectionUseCase,
        ExportEventsUseCase,
        ComputeDigestsUseCase,
        DigestScheduler,
        TokenRevocations,
      ],
    };
  }
}
