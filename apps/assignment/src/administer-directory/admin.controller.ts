import { Body, Controller, Delete, HttpCode, Param, Put, UseGuards } from '@nestjs/common';
import { CurrentPrincipal, InternalAuthGuard, InternalPrincipal, RequireRoles } from '@lib/auth';
import { DomainError } from '@lib/domain';
import { DirectoryEntity } from '../directory/directory-changes';
import { ChangeDirectoryUseCase, DirectoryChangeResult } from './change-directory.use-case';
import {
  ChangeCalendarDayDto,
  ChangePolicyDto,
  ChangeRuleDto,
  ChangeStaffDto,
  ChangeUnitDto,
  RemoveCalendarDayDto,
  RetireDto,
} from './directory-change.dto';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Who makes the change: the token's user, acting as admin. */
const actorOf = (p: InternalPrincipal) => ({ actorId: p.sub, actorRole: 'admin' });

function checkId(id: string, pattern = ID): string {
  if (!pattern.test(id)) throw new DomainError('ASSIGNMENT.VALIDATION_FAILED', `not a valid id: ${id}`);
  return id;
}

/**
 * The admin API: create or change (PUT) and retire (DELETE) units, staff, routing rules, SLA policies and calendar
 * days, for a bearer token with role admin (casework issues it). Every change is effective-dated, logged with the
 * token's user as actor and the reason (GET /directory/changes), and published as directory.changed.
 */
@Controller('admin')
@UseGuards(InternalAuthGuard)
@RequireRoles('admin')
export class AdminController {
  constructor(private readonly changeDirectory: ChangeDirectoryUseCase) {}

  private upsert(
    entity: DirectoryEntity,
    id: string,
    body: { effectiveFrom: string; reason: string; value: object },
    actor: InternalPrincipal,
  ) {
    return this.changeDirectory.execute({
      entity,
      id: checkId(id),
      action: 'upsert',
      value: body.value as never,
      effectiveFrom: body.effectiveFrom,
      reason: body.reason,
      ...actorOf(actor),
    });
  }

  private retire(entity: DirectoryEntity, id: string, body: RetireDto, actor: InternalPrincipal) {
    return this.changeDirectory.execute({
      entity,
      id: checkId(id),
      action: 'retire',
      effectiveFrom: body.effectiveFrom,
      reason: body.reason,
      ...actorOf(actor),
    });
  }

  @Put('units/:id')
  putUnit(
    @Param('id') id: string,
    @Body() b: ChangeUnitDto,
    @CurrentPrincipal() a: InternalPrincipal,
  ): Promise<DirectoryChangeResult> {
    return this.upsert('unit', id, b, a);
  }

  @Put('staff/:id')
  putStaff(
    @Param('id') id: string,
    @Body() b: ChangeStaffDto,
    @CurrentPrincipal() a: InternalPrincipal,
  ): Promise<DirectoryChangeResult> {
    return this.upsert('staff', id, b, a);
  }

  @Put('rules/:id')
  putRule(
    @Param('id') id: string,
    @Body() b: ChangeRuleDto,
    @CurrentPrincipal() a: InternalPrincipal,
  ): Promise<DirectoryChangeResult> {
    return this.upsert('rule', id, b, a);
  }

  @Put('policies/:id')
  putPolicy(
    @Param('id') id: string,
    @Body() b: ChangePolicyDto,
    @CurrentPrincipal() a: InternalPrincipal,
  ): Promise<DirectoryChangeResult> {
    return this.upsert('policy', id, b, a);
  }

  @Put('calendar/:date')
  putDay(
    @Param('date') date: string,
    @Body() b: ChangeCalendarDayDto,
    @CurrentPrincipal() a: InternalPrincipal,
  ): Promise<DirectoryChangeResult> {
    return this.changeDirectory.execute({
      entity: 'calendar_day',
      id: checkId(date, DAY),
      action: 'upsert',
      value: b.value,
      effectiveFrom: date,
      reason: b.reason,
      ...actorOf(a),
    });
  }

  @Delete('units/:id')
  @HttpCode(200)
  retireUnit(
    @Param('id') id: string,
    @Body() b: RetireDto,
    @CurrentPrincipal() a: InternalPrincipal,
  ): Promise<DirectoryChangeResult> {
    return this.retire('unit', id, b, a);
  }

  @Delete('staff/:id')
  @HttpCode(200)
  retireStaff(
    @Param('id') id: string,
    @Body() b: RetireDto,
    @CurrentPrincipal() a: InternalPrincipal,
  ): Promise<DirectoryChangeResult> {
    return this.retire('staff', id, b, a);
  }

  @Delete('rules/:id')
  @HttpCode(200)
  retireRule(
    @Param('id') id: string,
    @Body() b: RetireDto,
    @CurrentPrincipal() a: InternalPrincipal,
  ): Promise<DirectoryChangeResult> {
    return this.retire('rule', id, b, a);
  }

  @Delete('policies/:id')
  @HttpCode(200)
  retirePolicy(
    @Param('id') id: string,
    @Body() b: RetireDto,
    @CurrentPrincipal() a: InternalPrincipal,
  ): Promise<DirectoryChangeResult> {
    return this.retire('policy', id, b, a);
  }

  @Delete('calendar/:date')
  @HttpCode(200)
  removeDay(
    @Param('date') date: string,
    @Body() b: RemoveCalendarDayDto,
    @CurrentPrincipal() a: InternalPrincipal,
  ): Promise<DirectoryChangeResult> {
    return this.changeDirectory.execute({
      entity: 'calendar_day',
      id: checkId(date, DAY),
      action: 'retire',
      effectiveFrom: date,
      reason: b.reason,
      ...actorOf(a),
    });
  }
}
