import { Controller, Get, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InternalAuthGuard, RequireRoles } from '@lib/auth';
import { DirectoryRepository } from './directory.repository';

const notFound = () =>
  new NotFoundException({ error: 'ASSIGNMENT.NOT_FOUND', message: 'Không tìm thấy đơn vị' });

/** Read access to the org directory, rules, policies, calendar and the log of admin changes (admins, auditors). */
@Controller('directory')
@UseGuards(InternalAuthGuard)
@RequireRoles('admin', 'auditor')
export class DirectoryController {
  constructor(
    private readonly directories: DirectoryRepository,
    private readonly dataSource: DataSource,
  ) {}

  @Get('units')
  async units() {
    const { directory } = await this.directories.snapshot();
    return directory.allUnits();
  }

  @Get('units/:id')
  async unit(@Param('id') id: string) {
    const { directory } = await this.directories.snapshot();
    const unit = directory.unit(id);
    if (!unit) throw notFound();
    return {
      ...unit,
      staff: directory.staffOf(id),
      parent: directory.parentOf(id) ?? null,
      children: directory.childrenOf(id).map((c) => ({ id: c.id, name: c.name, type: c.type })),
    };
  }

  @Get('rules')
  async rules() {
    const { directory } = await this.directories.snapshot();
    return directory.rules;
  }

  /** Every policy row, past and future: the day a clock starts picks the row. */
  @Get('policies')
  async policies() {
    const { directory } = await this.directories.snapshot();
    return directory.policies;
  }

  @Get('calendar/:year')
  async calendar(@Param('year') year: string) {
    if (!/^\d{4}$/.test(year)) throw notFound();
    const { calendar } = await this.directories.snapshot();
    const days: { date: string; isWorkingDay: boolean }[] = [];
    for (let d = new Date(`${year}-01-01T00:00:00Z`); d.getUTCFullYear() === Number(year);) {
      const date = d.toISOString().slice(0, 10);
      const weekend = [0, 6].includes(d.getUTCDay());
      const working = calendar.isWorkingDay(date);
      // Only the days that differ from Monday–Friday: holidays on weekdays and make-up Saturdays.
      if (working === weekend) days.push({ date, isWorkingDay: working });
      d = new Date(d.getTime() + 86_400_000);
    }
    return { year: Number(year), exceptions: days };
  }

  @Get('changes')
  async changes(@Query('entity') entity?: string, @Query('entityId') entityId?: string) {
    return this.dataSource.query(
      `SELECT id, entity, entity_id AS "entityId", action, before, after,
              to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", reason, actor_id AS "actorId", status,
              changed_at AS "changedAt", applied_at AS "appliedAt"
       FROM directory_changes
       WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2)
       ORDER BY id DESC LIMIT 500`,
      [entity ?? null, entityId ?? null],
    );
  }
}
