import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, ServiceRuntime } from '@lib/platform';
import { IntakeEnv } from './intake.env';
import { ConferencesController } from './import-conference/conferences.controller';
import { ImportConferenceUseCase } from './import-conference/import-conference.use-case';
import { CasesController } from './register-petition/cases.controller';
import { AttachmentStore } from './infrastructure/attachment-store';
import { AttachmentsController } from './store-attachment/attachments.controller';
import { RegisterPetitionUseCase } from './register-petition/register-petition.use-case';

@Module({})
export class IntakeModule {
  static forRuntime(rt: ServiceRuntime<IntakeEnv>): DynamicModule {
    return {
      module: IntakeModule,
      imports: [PlatformModule.forRuntime(rt)],
      controllers: [CasesController, ConferencesController, AttachmentsController],
      providers: [RegisterPetitionUseCase, ImportConferenceUseCase, AttachmentStore],
    };
  }
}
