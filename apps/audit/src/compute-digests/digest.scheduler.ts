import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { ROOT_LOGGER, SERVICE_ENV } from '@lib/platform';
import { AuditEnv } from '../audit.env';
import { ComputeDigestsUseCase } from './compute-digests.use-case';

/** Digests closed days on a timer (every replica runs it; an advisory lock lets one work at a time). */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly computeDigests: ComputeDigestsUseCase,
    @Inject(SERVICE_ENV) private readonly env: AuditEnv,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.env.AUDIT_DIGEST_INTERVAL_MS;
    if (every <= 0) return;
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
    this.tick();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    // A failed run (database away) is retried on the next tick; the digests wait, nothing is lost.
    this.running = this.computeDigests
      .execute()
      .then((written) => {
        for (const d of written)
          this.logger.info({ day: d.day, events: d.eventCount, digest: d.digest }, 'daily digest stored');
      })
      .catch((err: Error) => this.logger.error({ err: err.message }, 'daily digest failed, will retry'))
      .finally(() => (this.running = undefined));
  }
}
