import cookieParser from 'cookie-parser';
import { ServiceDefinition } from '@lib/platform';
import { AuthService, USERS_SEED_FILE } from './auth/auth.service';
import { CaseworkEnv } from './casework.env';
import { CaseworkModule } from './casework.module';
import { CaseReadModelEntity, CaseTimelineEntity } from './infrastructure/case-read-model.entity';
import { CreateCaseworkSchema1763900000000 } from './infrastructure/migrations/1763900000000-create-casework-schema';
import { AddUsersSessionsAndProtectedData1763910000000 } from './infrastructure/migrations/1763910000000-add-users-sessions-and-protected-data';
import { repoRoot } from './infrastructure/repo-root';

export const caseworkService: ServiceDefinition<CaseworkEnv> = {
  name: 'casework',
  envClass: CaseworkEnv,
  entities: [CaseReadModelEntity, CaseTimelineEntity],
  migrations: [CreateCaseworkSchema1763900000000, AddUsersSessionsAndProtectedData1763910000000],
  consumerGroup: 'casework',
  openApi: {
    title: 'Casework API',
    description: 'Back office: sessions, queues, case view and actions; public tracking.',
  },
  module: (rt) => CaseworkModule.forRuntime(rt),
  configure: async (app, rt) => {
    app.use(cookieParser());
    app.set('trust proxy', 'loopback');
    if (rt.env.SEED_DEMO_USERS) {
      const added = await app.get(AuthService).seedDemoUsers(USERS_SEED_FILE(repoRoot()));
      if (added) rt.logger.info({ added }, 'demo users seeded');
    }
  },
};
