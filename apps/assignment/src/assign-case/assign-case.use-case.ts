import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  CaseAssignedV1,
  CaseDomain,
  CaseKind,
  CompetentLevel,
  createEnvelope,
  EscalationRungV1,
  EventActor,
  EventEnvelope,
} from '@lib/contracts';
import { Clock, DomainError, toVietnamDate } from '@lib/domain';
import { addToOutbox, OutboxRelay } from '@lib/messaging';
import { dueAt, requirePolicy } from '../domain/deadline';
import { Complexity, Directory, SlaPolicy } from '../domain/directory';
import { pickHandler, routeCase, RoutingDecision, SubmissionLevel } from '../domain/route-case';
import { DirectoryRepository } from '../directory/directory.repository';

export interface AssignCaseCommand {
  caseId: string;
  trackingCode?: string;
  kind: CaseKind;
  domain: CaseDomain;
  level: CompetentLevel;
  wardCode?: string;
  /** An area unit found from written names when there is no ward code. */
  areaUnitId?: string;
  /** The level the petition was sent to (vượt cấp when above `level`). */
  submittedToLevel?: SubmissionLevel;
  receivedAt: Date;
  /** Flags from upstream (urgent, anonymous, mixed; declined on a re-route); routing adds its own. */
  flags: string[];
  /** Units that declined the case, never chosen again. */
  excludeUnitIds: string[];
  /** Set when a handler or unit forces the lead unit (transfer). */
  forcedUnitId?: string;
  reason?: string;
  actor: EventActor;
  correlationId: string;
  causationId: string;
}

interface PreviousAssignment {
  tracking_code: string | null;
  lead_unit_id: string;
  handler_id: string | null;
  is_open: boolean;
  declined_unit_ids: string[];
  instance: number;
  complexity: string;
  submitted_to_level: SubmissionLevel | null;
  area_unit_id: string | null;
  reassignment_count: number;
}

/** Column types of the assignments table, for the set-based upsert. */
const ASSIGNMENT_COLUMN_TYPES: Record<string, string> = {
  case_id: 'uuid',
  tracking_code: 'text',
  kind: 'text',
  domain: 'text',
  level: 'text',
  ward_code: 'text',
  lead_unit_id: 'text',
  coordinating_unit_ids: 'text[]',
  handler_id: 'text',
  responsible_person_id: 'text',
  rule_id: 'text',
  reason: 'text',
  flags: 'text[]',
  input_flags: 'text[]',
  submitted_to_level: 'text',
  area_unit_id: 'text',
  instance: 'int',
  complexity: 'text',
  stage: 'text',
  policy_id: 'text',
  received_at: 'timestamptz',
  due_at: 'timestamptz',
  reassignment_count: 'int',
  declined_unit_ids: 'text[]',
  is_open: 'boolean',
  assigned_at: 'timestamptz',
};

/** Route a case to one lead unit, pick its handler, set the processing deadline, and emit case.assigned. */
@Injectable()
export class AssignCaseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directories: DirectoryRepository,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  /** Runs inside the caller's transaction (the inbox claim is part of it). */
  async execute(m: EntityManager, cmd: AssignCaseCommand): Promise<void> {
    await this.executeMany(m, [cmd]);
  }

  /**
   * Assign a batch in the caller's transaction, with the same outcome as assigning the cases one after another:
   * one read of the previous assignments (locked, in case order), one read of the open-case counts of the units
   * chosen, the workload kept current in memory as each case is placed, then one upsert and one outbox insert.
   * Plain SQL on this path: the ORM's save costs a read and most of the CPU.
   */
  async executeMany(m: EntityManager, cmds: AssignCaseCommand[]): Promise<void> {
    if (!cmds.length) return;
    const { directory, calendar } = await this.directories.snapshot();
    const caseIds = [...new Set(cmds.map((c) => c.caseId.toLowerCase()))].sort();
    const previousRows = (await m.query(
      `SELECT case_id, tracking_code, lead_unit_id, handler_id, is_open, declined_unit_ids, instance, complexity,
         submitted_to_level, area_unit_id, reassignment_count
       FROM assignments WHERE case_id = ANY($1::uuid[]) ORDER BY case_id FOR UPDATE`,
      [caseIds],
    )) as (PreviousAssignment & { case_id: string })[];
    const previousOf = new Map(previousRows.map((r) => [r.case_id, r as PreviousAssignment]));

    const decisions = cmds.map((cmd) => {
      const previous = previousOf.get(cmd.caseId.toLowerCase());
      // Exclusions only grow within a batch through declines, which arrive one at a time: the row read above holds.
      const excluded = [...new Set([...(previous?.declined_unit_ids ?? []), ...cmd.excludeUnitIds])];
      const decision = cmd.forcedUnitId
        ? forcedDecision(directory, cmd.forcedUnitId, cmd.flags)
        : routeCase(directory, { ...cmd, excludedUnitIds: excluded });
      return { excluded, decision };
    });
    const unitIds = [...new Set(decisions.map((d) => d.decision.leadUnit.id))];
    const open: { lead_unit_id: string; handler_id: string; n: string }[] = await m.query(
      `SELECT lead_unit_id, handler_id, count(*) AS n FROM assignments
       WHERE is_open AND lead_unit_id = ANY($1::text[]) GROUP BY lead_unit_id, handler_id`,
      [unitIds],
    );
    const load = new Map<string, Map<string, number>>(unitIds.map((u) => [u, new Map()]));
    for (const r of open) load.get(r.lead_unit_id)?.set(r.handler_id, Number(r.n));
    const shift = (unitId: string, handlerId: string, by: number): void => {
      const units = load.get(unitId);
      if (units) units.set(handlerId, (units.get(handlerId) ?? 0) + by);
    };

    const now = this.clock.now();
    const rows = new Map<string, Record<string, unknown>>();
    const events: EventEnvelope<object>[] = [];
    cmds.forEach((cmd, i) => {
      const key = cmd.caseId.toLowerCase();
      const previous = previousOf.get(key);
      const { excluded, decision } = decisions[i];
      const handler = pickHandler(
        directory,
        decision.leadUnit,
        cmd.domain,
        load.get(decision.leadUnit.id) as Map<string, number>,
      );
      const responsible = decision.leadUnit.headStaffId ?? handler?.id;
      if (!handler || !responsible) {
        throw new DomainError('ASSIGNMENT.NO_ELIGIBLE_HANDLER', `unit ${decision.leadUnit.id} has no staff`);
      }
      const instance = previous?.instance ?? 1;
      const complexity = (previous?.complexity ?? 'normal') as Complexity;
      const policy = requirePolicy(directory.policies, {
        kind: cmd.kind,
        stage: 'processing',
        on: toVietnamDate(cmd.receivedAt),
        instance,
        complexity,
        area: directory.isRemote(decision.leadUnit.id) ? 'remote' : 'normal',
      });
      const due = dueAt(calendar, policy, cmd.receivedAt);
      const reassignmentCount = previous ? previous.reassignment_count + 1 : 0;
      const reason = (cmd.reason ? `${decision.reason} — ${cmd.reason}` : decision.reason).slice(0, 1000);
      const flags = policyFlags(decision.flags, policy);
      const row = {
        case_id: cmd.caseId,
        tracking_code: cmd.trackingCode ?? previous?.tracking_code ?? null,
        kind: cmd.kind,
        domain: cmd.domain,
        level: cmd.level,
        ward_code: cmd.wardCode ?? null,
        lead_unit_id: decision.leadUnit.id,
        coordinating_unit_ids: decision.coordinatingUnitIds,
        handler_id: handler.id,
        responsible_person_id: responsible,
        rule_id: decision.rule.id,
        reason,
        flags,
        input_flags: cmd.flags.filter((f) => f !== 'declined'),
        submitted_to_level: cmd.submittedToLevel ?? previous?.submitted_to_level ?? null,
        area_unit_id: cmd.areaUnitId ?? previous?.area_unit_id ?? null,
        instance,
        complexity,
        stage: 'processing',
        policy_id: policy.id,
        received_at: cmd.receivedAt.toISOString(),
        due_at: due.toISOString(),
        reassignment_count: reassignmentCount,
        declined_unit_ids: excluded,
        is_open: true,
        assigned_at: now.toISOString(),
      };
      // The workload the next case of the batch sees: this case moves from its old handler to the new one.
      if (previous?.is_open && previous.handler_id) shift(previous.lead_unit_id, previous.handler_id, -1);
      shift(decision.leadUnit.id, handler.id, +1);
      previousOf.set(key, {
        ...row,
        lead_unit_id: decision.leadUnit.id,
        handler_id: handler.id,
        is_open: true,
      } as unknown as PreviousAssignment);
      rows.set(key, row);
      events.push(
        createEnvelope({
          payloadClass: CaseAssignedV1,
          payload: {
            leadUnitId: decision.leadUnit.id,
            leadUnitName: decision.leadUnit.name,
            coordinatingUnitIds: decision.coordinatingUnitIds,
            handlerId: handler.id,
            handlerName: handler.fullName,
            responsiblePersonId: responsible,
            ruleId: decision.rule.id,
            reason,
            stage: 'processing',
            dueAt: due.toISOString(),
            slaWorkingDays: policy.unit === 'working_days' ? policy.amount : 0,
            policyId: policy.id,
            reassignmentCount,
            flags,
            previousUnitId: previous?.lead_unit_id,
            legalBasis: policy.legalBasis,
            escalationChain: this.chainAbove(directory, decision.leadUnit.id),
          },
          caseId: cmd.caseId,
          producer: 'assignment',
          actor: cmd.actor,
          occurredAt: now,
          correlationId: cmd.correlationId,
          causationId: cmd.causationId,
        }),
      );
    });
    const cols = Object.keys(rows.values().next().value as Record<string, unknown>);
    await m.query(
      `INSERT INTO assignments (${cols.join(', ')})
       SELECT ${cols.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${cols
         .map((c) => `${c} ${ASSIGNMENT_COLUMN_TYPES[c]}`)
         .join(', ')})
       ON CONFLICT (case_id) DO UPDATE SET ${cols
         .slice(1)
         .map((c) => `${c} = EXCLUDED.${c}`)
         .join(', ')}`,
      [JSON.stringify([...rows.values()])],
    );
    await addToOutbox(m, events);
  }

  private chainAbove(directory: Directory, unitId: string): EscalationRungV1[] {
    const chain: EscalationRungV1[] = [];
    for (let u = directory.parentOf(unitId); u; u = directory.parentOf(u.id)) {
      chain.push({ unitId: u.id, unitName: u.name, level: u.level, headStaffId: u.headStaffId ?? undefined });
      if (chain.length > 20) break; // a cycle in edited data must not hang routing
    }
    return chain;
  }

  wake(): void {
    this.relay.wake();
  }
}

/** A transfer names the lead unit itself; routing rules are not consulted. */
function forcedDecision(directory: Directory, unitId: string, flags: string[]): RoutingDecision {
  const unit = directory.unit(unitId);
  if (!unit) throw new DomainError('ASSIGNMENT.UNKNOWN_UNIT', `unit ${unitId} does not exist`);
  return {
    leadUnit: unit,
    coordinatingUnitIds: [],
    rule: {
      id: 'manual-transfer',
      priority: 0,
      kind: null,
      domain: null,
      level: null,
      requiredFlags: [],
      target: 'unit',
      targetLevel: null,
      targetUnitId: unit.id,
      coordinatingUnitIds: [],
      reason: 'Chuyển đơn theo quyết định của cán bộ xử lý',
      flagsToAdd: [],
    },
    annotations: [],
    reason: 'Chuyển đơn theo quyết định của cán bộ xử lý',
    flags,
  };
}

/** A deadline set by city policy, not by law, says so on the case (recommendations and reflections). */
export function policyFlags(flags: string[], policy: SlaPolicy): string[] {
  return policy.isStatutory === false && !flags.includes('city_policy_deadline')
    ? [...flags, 'city_policy_deadline']
    : flags;
}
