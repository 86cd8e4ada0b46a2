import { ServiceDefinition } from '@lib/platform';
import { CaseworkEnv } from './casework.env';
import { CaseworkModule } from './casework.module';
import { CaseReadModelEntity, CaseTimelineEntity } from './infrastructure/case-read-model.entity';
import { CreateCaseworkSchema1763900000000 } from './infrastructure/migrations/1763900000000-create-casework-schema';

export const caseworkService: ServiceDefinition<CaseworkEnv> = {
  name: 'casework',
  envClass: CaseworkEnv,
  entities: [CaseReadModelEntity, CaseTimelineEntity],
  migrations: [CreateCaseworkSchema1763900000000],
  consumerGroup: 'casework',
  module: (rt) => CaseworkModule.forRuntime(rt),
};
