import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { createEnvelope, DirectoryChangedV1, DirectoryEntityKind, EventEnvelope } from '@lib/contracts';
import { Clock, DomainError, toVietnamDate } from '@lib/domain';
import { addToOutbox, OutboxRelay } from '@lib/messaging';
import { RoutingRule, SlaPolicy, Staff, Unit } from '../domain/directory';
import { deleteCalendarDay, DirectoryEntity, readRow, Row, writeRow } from '../directory/directory-changes';
import { DirectoryRepository } from '../directory/directory.repository';
import { policyRow, ruleRow, staffRow, unitRow } from '../directory/seed-loader';

type Value =
  | Omit<Unit, 'id'>
  | Omit<Staff, 'id'>
  | Omit<RoutingRule, 'id'>
  | Omit<SlaPolicy, 'id'>
  | { type: 'holiday' | 'working'; name: string; provisional?: boolean };

export interface DirectoryChangeCommand {
  entity: DirectoryEntity;
  id: string;
  action: 'upsert' | 'retire';
  value?: Value;
  /** From when the change holds (for a calendar day: the day itself). */
  effectiveFrom: string;
  reason: string;
  actorId: string;
  /** The actor's role as their token names it (admin). */
  actorRole?: string;
}

export interface DirectoryChangeResult {
  changeId: string;
  entity: DirectoryEntity;
  entityId: string;
  action: 'upsert' | 'retire';
  status: 'applied' | 'scheduled';
  effectiveFrom: string;
  before: Row | null;
  after: Row | null;
}

// Rows that other rows point at cannot change their meaning in place on a future day without a version table:
// such a change is kept as scheduled and applied when its day begins (DirectoryRepository.snapshot).
const SCHEDULABLE: readonly DirectoryEntity[] = ['unit', 'staff', 'rule'];

const notFound = (what: string) => new DomainError('ASSIGNMENT.NOT_FOUND', `${what} does not exist`);
const invalid = (message: string) => new DomainError('ASSIGNMENT.VALIDATION_FAILED', message);

/**
 * Change the org directory, a rule, a policy or a calendar day, effective-dated, with the before and after of
 * every change kept in directory_changes (who, when, why) and published as directory.changed (for audit) in the
 * same transaction. Policy rows and calendar days carry their own dates and apply at once; edits of units, staff
 * and rules dated in the future wait for their day.
 */
@Injectable()
export class ChangeDirectoryUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directories: DirectoryRepository,
    private readonly clock: Clock,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(cmd: DirectoryChangeCommand): Promise<DirectoryChangeResult> {
    const result = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['assignment-directory-admin']);
      const before = (await readRow(m, cmd.entity, cmd.id)) ?? null;
      const today = toVietnamDate(this.clock.now());
      let after: Row | null;
      let status: 'applied' | 'scheduled' = 'applied';
      if (cmd.action === 'retire') {
        if (!before) throw notFound(`${cmd.entity} ${cmd.id}`);
        if (cmd.entity === 'unit') await this.checkNoActiveChildren(m, cmd.id, cmd.effectiveFrom);
        after = cmd.entity === 'calendar_day' ? null : { ...before, effective_to: cmd.effectiveFrom };
        if (cmd.entity === 'calendar_day') await deleteCalendarDay(m, cmd.id);
        else await writeRow(m, cmd.entity, after!);
      } else {
        after = await this.rowFor(m, cmd, before);
        if (before && SCHEDULABLE.includes(cmd.entity) && cmd.effectiveFrom > today) status = 'scheduled';
        else await writeRow(m, cmd.entity, after);
      }
      const [{ id }] = await m.query(
        `INSERT INTO directory_changes
           (entity, entity_id, action, before, after, effective_from, reason, actor_id, status, applied_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9 = 'applied' THEN now() END) RETURNING id`,
        [cmd.entity, cmd.id, cmd.action, before, after, cmd.effectiveFrom, cmd.reason, cmd.actorId, status],
      );
      const result: DirectoryChangeResult = {
        changeId: String(id),
        entity: cmd.entity,
        entityId: cmd.id,
        action: cmd.action,
        status,
        effectiveFrom: cmd.effectiveFrom,
        before,
        after,
      };
      await addToOutbox(m, [this.changedEvent(cmd, result)]);
      return result;
    });
    this.directories.invalidate();
    this.relay.wake();
    return result;
  }

  /** The change as audit keeps it: one event per change, on the entity's own stream. */
  private changedEvent(
    cmd: DirectoryChangeCommand,
    r: DirectoryChangeResult,
  ): EventEnvelope<DirectoryChangedV1> {
    const entityKind: DirectoryEntityKind = r.entity;
    return createEnvelope({
      payloadClass: DirectoryChangedV1,
      payload: {
        changeId: r.changeId,
        entityKind,
        entityId: r.entityId,
        operation: r.action === 'retire' ? 'retire' : r.before ? 'update' : 'create',
        status: r.status,
        effectiveFrom: r.effectiveFrom,
        effectiveTo: (r.after?.effective_to as string | null | undefined) ?? null,
        reason: cmd.reason,
        before: r.before,
        after: r.after,
      },
      producer: 'assignment',
      actor: { type: 'user', id: cmd.actorId, ...(cmd.actorRole ? { role: cmd.actorRole } : {}) },
      occurredAt: this.clock.now(),
    });
  }

  private async rowFor(m: EntityManager, cmd: DirectoryChangeCommand, before: Row | null): Promise<Row> {
    const from = (before?.effective_from as string | undefined) ?? cmd.effectiveFrom;
    const v = cmd.value as any;
    switch (cmd.entity) {
      case 'unit': {
        const unit: Unit = {
          id: cmd.id,
          domains: [],
          headStaffId: null,
          wardCode: null,
          parentId: null,
          ...v,
        };
        if (unit.parentId === cmd.id) throw invalid('a unit cannot be its own parent');
        if (unit.parentId) await this.mustExist(m, 'units', unit.parentId, 'parent unit');
        if (unit.headStaffId) {
          const head = await m.query('SELECT unit_id FROM staff WHERE id = $1', [unit.headStaffId]);
          if (head[0]?.unit_id !== cmd.id)
            throw invalid(`head ${unit.headStaffId} is not on the unit's staff`);
        }
        return { ...unitRow(unit, from), parent_id: unit.parentId ?? null };
      }
      case 'staff':
        await this.mustExist(m, 'units', v.unitId, 'unit');
        return staffRow({ id: cmd.id, ...v }, from);
      case 'rule': {
        const rule: RoutingRule = {
          id: cmd.id,
          kind: null,
          domain: null,
          level: null,
          targetLevel: null,
          targetUnitId: null,
          ...v,
        };
        if (rule.target === 'unit' && rule.effect !== 'annotate') {
          if (!rule.targetUnitId) throw invalid('a rule with target "unit" needs targetUnitId');
          await this.mustExist(m, 'units', rule.targetUnitId, 'target unit');
        }
        for (const ref of rule.coordinatingUnitIds) {
          if (!ref.startsWith('@')) await this.mustExist(m, 'units', ref, 'coordinating unit');
        }
        return ruleRow(rule, from);
      }
      case 'policy': {
        const policy: SlaPolicy = { id: cmd.id, kind: null, ...v, effectiveFrom: cmd.effectiveFrom };
        if (policy.effectiveTo && policy.effectiveTo <= cmd.effectiveFrom) {
          throw invalid('effectiveTo must be after effectiveFrom');
        }
        return policyRow(policy, cmd.effectiveFrom);
      }
      case 'calendar_day':
        return { date: cmd.id, type: v.type, name: v.name, is_provisional: v.provisional ?? false };
    }
  }

  private async mustExist(m: EntityManager, table: string, id: string, what: string): Promise<void> {
    const rows = await m.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    if (!rows.length) throw invalid(`${what} ${id} does not exist`);
  }

  private async checkNoActiveChildren(m: EntityManager, id: string, on: string): Promise<void> {
    const rows = await m.query(
      `SELECT id FROM units WHERE parent_id = $1 AND (effective_to IS NULL OR effective_to > $2::date) LIMIT 5`,
      [id, on],
    );
    if (rows.length) {
      throw new DomainError(
        'ASSIGNMENT.CONFLICT',
        `unit ${id} still has units under it on ${on}: ${rows.map((r: { id: string }) => r.id).join(', ')}`,
      );
    }
  }
}
