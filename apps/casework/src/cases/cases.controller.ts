import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseReadModelEntity, CaseTimelineEntity } from '../infrastructure/case-read-model.entity';

@Controller('api/cases')
export class CasesController {
  constructor(private readonly dataSource: DataSource) {}

  /** A case by tracking code (the code a citizen quotes). */
  @Get()
  async byTrackingCode(@Query('trackingCode') trackingCode?: string) {
    if (!trackingCode) return { items: [] };
    const row = await this.dataSource.manager.findOne(CaseReadModelEntity, { where: { trackingCode } });
    return { items: row ? [row.state] : [] };
  }

  /** The case with its status and full timeline. */
  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const row = await this.dataSource.manager.findOne(CaseReadModelEntity, { where: { caseId: id } });
    if (!row) throw new NotFoundException({ error: 'CASEWORK.NOT_FOUND', message: 'Không tìm thấy hồ sơ' });
    const timeline = await this.dataSource.manager.find(CaseTimelineEntity, {
      where: { caseId: id },
      order: { occurredAt: 'ASC', eventId: 'ASC' },
    });
    return {
      ...row.state,
      timeline: timeline.map((t) => ({ ...t, occurredAt: t.occurredAt.toISOString() })),
    };
  }
}
