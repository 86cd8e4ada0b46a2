import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { AccessRecordedV1, createEnvelope } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { addToOutbox, OutboxRelay } from '@lib/messaging';
import { allowedActions, CASE_ACTIONS, CaseAction } from '@lib/projection';
import { ActOnCaseUseCase } from '../act-on-case/act-on-case.use-case';
import { CaseActionDto } from '../act-on-case/case-action.dto';
import { CurrentViewer } from '../auth/session.guard';
import { CaseNotFoundError } from '../domain/casework.errors';
import { canActOn, canSeeCase, canSeeIdentity, mask, Viewer } from '../domain/viewer';
import { CaseReadModelEntity, CaseTimelineEntity } from '../infrastructure/case-read-model.entity';
import { CaseQueries, QueueName } from '../queues/case-queries';

const bool = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : value === 'true' || value === true;

export class CaseListQuery {
  @IsOptional() @IsString() @MaxLength(30) status?: string;
  @IsOptional() @IsString() @MaxLength(30) kind?: string;
  @IsOptional() @IsString() @MaxLength(40) domain?: string;
  @IsOptional() @IsString() @MaxLength(10) ward?: string;
  @IsOptional() @IsString() @MaxLength(40) dueBefore?: string;
  @IsOptional() @Transform(bool) @IsBoolean() overdue?: boolean;
  @IsOptional() @Transform(({ value }) => Number(value)) @IsInt() @Min(0) @Max(10) escalationLevel?: number;
  @IsOptional() @Transform(bool) @IsBoolean() repeat?: boolean;
  @IsOptional() @Transform(bool) @IsBoolean() collective?: boolean;
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @IsOptional() @IsString() @MaxLength(30) trackingCode?: string;
  @IsOptional() @IsString() @MaxLength(100) petitioner?: string;
  @IsOptional() @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(300) cursor?: string;
}

@Controller('api')
export class CasesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queries: CaseQueries,
    private readonly actOnCase: ActOnCaseUseCase,
    private readonly clock: Clock,
    private readonly relay: OutboxRelay,
  ) {}

  /** Queues: my cases, my unit's cases, triage, escalated to my unit; with filters and cursor pagination. */
  @Get('queues/:queue')
  queue(@CurrentViewer() viewer: Viewer, @Param('queue') queue: string, @Query() query: CaseListQuery) {
    if (!['mine', 'unit', 'triage', 'escalated'].includes(queue)) throw new CaseNotFoundError();
    return this.queries.list(viewer, queue as QueueName, query);
  }

  /** Search: by tracking code, by words in the content (diacritics-insensitive), by petitioner (authorised roles). */
  @Get('cases')
  search(@CurrentViewer() viewer: Viewer, @Query() query: CaseListQuery) {
    return this.queries.list(viewer, 'search', query);
  }

  /** The case with its status, allowed actions and full timeline; identity only for those entitled (and logged). */
  @Get('cases/:id')
  async get(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) id: string) {
    const now = this.clock.now();
    const row = await this.dataSource.manager.findOne(CaseReadModelEntity, { where: { caseId: id } });
    // A case the viewer may not see answers exactly like a case that does not exist.
    if (!row || !canSeeCase(viewer, row.state, now)) throw new CaseNotFoundError();
    const timeline = await this.dataSource.manager.find(CaseTimelineEntity, {
      where: { caseId: id },
      order: { occurredAt: 'ASC', eventId: 'ASC' },
    });
    const [p] = await this.dataSource.query(`SELECT * FROM case_petitioners WHERE case_id = $1`, [id]);
    let petitioner: Record<string, unknown> | null = p ? { type: p.type, identityVisible: false } : null;
    if (p && canSeeIdentity(viewer, row.state, now)) {
      petitioner = {
        type: p.type,
        identityVisible: true,
        fullName: p.full_name,
        nationalId: p.national_id,
        phone: p.phone,
        address: p.address,
        organisationName: p.organisation_name,
        signatoryCount: p.signatory_count,
      };
      // Every view of protected fields is logged here and sent to audit, in one transaction.
      const fields = ['fullName', 'nationalId', 'phone', 'address'];
      await this.dataSource.transaction(async (m) => {
        await m.query(
          `INSERT INTO access_log (case_id, user_id, role, fields, purpose, at) VALUES ($1,$2,$3,$4,$5,$6)`,
          [id, viewer.userId, viewer.role, fields, 'case_view', now],
        );
        await addToOutbox(m, [
          createEnvelope({
            payloadClass: AccessRecordedV1,
            payload: { userId: viewer.userId, role: viewer.role, fields, purpose: 'case_view' },
            caseId: id,
            producer: 'casework',
            actor: { type: 'user', id: viewer.userId, role: viewer.role },
            occurredAt: now,
          }),
        ]);
      });
      this.relay.wake();
    } else if (p && p.type !== 'anonymous' && row.state.kind !== 'denunciation') {
      petitioner = {
        type: p.type,
        identityVisible: false,
        nationalId: mask(p.national_id),
        phone: mask(p.phone),
      };
    }
    return {
      ...row.state,
      petitioner,
      allowedActions: canActOn(viewer, row.state) ? allowedActions(row.state.status) : [],
      timeline: timeline.map((t) => ({ ...t, occurredAt: t.occurredAt.toISOString() })),
    };
  }

  /** Act on a case: accept, request_info, receive_info, transfer, extend, resolve, reject, file, reclassify, split, withdraw, note, reassign. */
  @Post('cases/:id/actions/:action')
  @HttpCode(200)
  async act(
    @CurrentViewer() viewer: Viewer,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('action') action: string,
    @Body() dto: CaseActionDto,
  ) {
    if (!(CASE_ACTIONS as readonly string[]).includes(action)) throw new CaseNotFoundError();
    const state = await this.actOnCase.execute(viewer, id, action as CaseAction, dto);
    return { ...state, allowedActions: allowedActions(state.status) };
  }
}
