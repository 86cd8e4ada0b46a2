import { ServiceDefinition } from '@lib/platform';
import { AssignmentEnv } from './assignment.env';
import { AssignmentModule } from './assignment.module';
import { loadSeeds } from './directory/seed-loader';
import { AssignmentEntity } from './infrastructure/assignment.entity';
import { CreateAssignmentSchema1763900000000 } from './infrastructure/migrations/1763900000000-create-assignment-schema';
import { DirectoryV21764300000000 } from './infrastructure/migrations/1764300000000-directory-v2';
import { OpenWorkloadIndex1764800000000 } from './infrastructure/migrations/1764800000000-open-workload-index';
import { TokenRevocations1764900000000 } from './infrastructure/migrations/1764900000000-token-revocations';

export const assignmentService: ServiceDefinition<AssignmentEnv> = {
  name: 'assignment',
  envClass: AssignmentEnv,
  entities: [AssignmentEntity],
  migrations: [
    CreateAssignmentSchema1763900000000,
    DirectoryV21764300000000,
    OpenWorkloadIndex1764800000000,
    TokenRevocations1764900000000,
  ],
  consumerGroup: 'assignment',
  module: (rt) => AssignmentModule.forRuntime(rt),
  configure: async (_app, rt) => {
    await loadSeeds(rt.dataSource, rt.env.SEED_DIR, rt.logger);
  },
};
