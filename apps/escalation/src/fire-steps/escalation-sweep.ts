import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Logger } from 'pino';
import { OutboxRelay } from '@lib/messaging';
import { ROOT_LOGGER, SERVICE_ENV } from '@lib/platform';
import { EscalationEnv } from '../escalation.env';
import { FireDueStepsUseCase, SweepBatch } from './fire-due-steps.use-case';

/**
 * The sweep loop: every ESCALATION_SWEEP_MS, fire due steps in batches of ESCALATION_SWEEP_BATCH until none is left.
 * Every replica runs one; they never fire a step twice (row claims with SKIP LOCKED, and the step ledger).
 */
@Injectable()
export class EscalationSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  /** Steps fired by this replica since start (health and tests). */
  fired = 0;

  constructor(
    private readonly fireDueSteps: FireDueStepsUseCase,
    private readonly relay: OutboxRelay,
    @Inject(SERVICE_ENV) private readonly env: EscalationEnv,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  /** Sweep until nothing is due (also what each tick does). */
  async sweepOnce(): Promise<number> {
    let fired = 0;
    let batch: SweepBatch;
    do {
      batch = await this.fireDueSteps.execute(this.env.ESCALATION_SWEEP_BATCH);
      if (batch.fired) {
        fired += batch.fired;
        this.relay.wake();
      }
    } while (batch.claimed === this.env.ESCALATION_SWEEP_BATCH && this.running);
    this.fired += fired;
    return fired;
  }

  private async run(): Promise<void> {
    let backoff = 200;
    while (this.running) {
      try {
        const fired = await this.sweepOnce();
        if (fired) this.logger.debug({ fired }, 'escalation steps fired');
        backoff = 200;
        await this.sleep(this.env.ESCALATION_SWEEP_MS);
      } catch (err) {
        // A database outage: nothing was committed; the same timers are claimed again after it.
        this.logger.warn({ err: (err as Error).message }, 'escalation sweep failed, retrying');
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
