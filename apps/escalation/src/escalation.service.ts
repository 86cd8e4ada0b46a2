import { ServiceDefinition } from '@lib/platform';
import { EscalationEnv } from './escalation.env';
import { EscalationModule } from './escalation.module';
import { DeadlineTimerEntity } from './infrastructure/deadline-timer.entity';
import { EscalationStepEntity } from './infrastructure/escalation-step.entity';
import { LadderRuleEntity } from './infrastructure/ladder-rule.entity';
import { CreateEscalationSchema1763900000000 } from './infrastructure/migrations/1763900000000-create-escalation-schema';
import { AddEscalationLadder1764000000000 } from './infrastructure/migrations/1764000000000-add-escalation-ladder';
import { TimerChangeEntity } from './infrastructure/timer-change.entity';

export const escalationService: ServiceDefinition<EscalationEnv> = {
  name: 'escalation',
  envClass: EscalationEnv,
  entities: [DeadlineTimerEntity, EscalationStepEntity, LadderRuleEntity, TimerChangeEntity],
  migrations: [CreateEscalationSchema1763900000000, AddEscalationLadder1764000000000],
  consumerGroup: 'escalation',
  module: (rt) => EscalationModule.forRuntime(rt),
};
