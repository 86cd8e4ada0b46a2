import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadlineTimerEntity } from '../infrastructure/deadline-timer.entity';

@Controller('timers')
export class TimersController {
  constructor(private readonly dataSource: DataSource) {}

  /** The deadline timers of one case. */
  @Get(':caseId')
  list(@Param('caseId', new ParseUUIDPipe()) caseId: string) {
    return this.dataSource.manager.find(DeadlineTimerEntity, { where: { caseId }, order: { id: 'ASC' } });
  }
}
