import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { KafkaEventServer, OutboxRelay } from '@lib/messaging';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Optional() private readonly relay?: OutboxRelay,
    @Optional() @Inject(KafkaEventServer) private readonly server?: KafkaEventServer,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      async () => {
        const i = this.indicator.check('database');
        try {
          await this.dataSource.query('SELECT 1');
          return i.up();
        } catch (err) {
          return i.down({ message: (err as Error).message });
        }
      },
      async () => {
        const i = this.indicator.check('kafka');
        if (!this.server) return i.up({ consumer: 'none' });
        const h = this.server.isHealthy();
        return h.ok
          ? i.up({ handled: this.server.handled, deadLettered: this.server.deadLettered })
          : i.down({ message: h.reason });
      },
      async () => {
        const i = this.indicator.check('outbox');
        return i.up({ published: this.relay?.published ?? 0 });
      },
    ]);
  }
}
