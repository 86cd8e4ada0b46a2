import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ROOT_LOGGER } from '@lib/platform';
import { WriterRole } from '../infrastructure/writer-role';

/** Says at start-up what keeps event_store append-only, so an operator sees a missing role at once. */
@Injectable()
export class AppendGuardReport implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writerRole: WriterRole,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const usable = await this.writerRole.isUsable((sql, params) => this.dataSource.query(sql, params));
    if (usable)
      this.logger.info({ role: this.writerRole.role }, 'appends run as a role without UPDATE/DELETE rights');
    else
      this.logger.warn(
        { role: this.writerRole.role },
        'writer role not usable: only the append-only trigger guards event_store (see docs/audit.md)',
      );
  }
}
