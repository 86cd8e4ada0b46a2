import { ServiceDefinition } from '@lib/platform';
import { EscalationEnv } from './escalation.env';
import { EscalationModule } from './escalation.module';
import { DeadlineTimerEntity } from './infrastructure/deadline-timer.entity';
import { CreateEscalationSchema1763900000000 } from './infrastructure/migrations/1763900000000-create-escalation-schema';

export const escalationService: ServiceDefinition<EscalationEnv> = {
  name: 'escalation',
  envClass: EscalationEnv,
  entities: [DeadlineTimerEntity],
  migrations: [CreateEscalationSchema1763900000000],
  consumerGroup: 'escalation',
  module: (rt) => EscalationModule.forRuntime(rt),
};
