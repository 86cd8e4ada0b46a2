import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_ENV } from '@lib/platform';
import { IntakeEnv } from '../intake.env';
import { foldText, petitionerKey, REPEAT_THRESHOLD, similarity } from '../domain/similarity';
import { buildReceipt, Receipt } from '../receipts/receipt';
import { DataSource, EntityManager } from 'typeorm';
import { CaseReceivedV1, createEnvelope } from '@lib/contracts';
import { Clock, newTrackingCode } from '@lib/domain';
import { addToOutbox, OutboxRelay } from '@lib/messaging';
import { IdempotencyKeyReusedError, IntakeValidationError } from '../domain/intake.errors';
import { normalisePhone } from '../domain/vietnamese-validators';
import { IdempotencyKeyEntity } from '../infrastructure/idempotency-key.entity';
import { PetitionCaseEntity } from '../infrastructure/petition-case.entity';
import { RegisterPetitionDto } from './register-petition.dto';

export interface RegisterPetitionCommand {
  petition: RegisterPetitionDto;
  idempotencyKey?: string;
  actorId: string;
  /** Set for opinions imported from a dialogue conference record. */
  conferenceId?: string;
}

export interface RegisteredPetition {
  caseId: string;
  trackingCode: string;
  receivedAt: string;
  registeredAt: string;
  status: 'received';
  repeatOfCaseId: string | null;
  isRepeat: boolean;
  receipt: Receipt;
}

// A received date a few minutes ahead is clock skew between the desk PC and the server, not the future.
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

@Injectable()
export class RegisterPetitionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    @Inject(SERVICE_ENV) private readonly env: IntakeEnv,
  ) {}

  async execute(cmd: RegisterPetitionCommand): Promise<{ status: number; body: RegisteredPetition }> {
    const now = this.clock.now();
    const p = cmd.petition;
    const receivedAt = p.receivedAt ? new Date(p.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw new IntakeValidationError([
        { field: 'receivedAt', reason: 'receivedAt must not be in the future' },
      ]);
    }
    const requestHash = createHash('sha256').update(JSON.stringify(p)).digest('hex');
    if (cmd.idempotencyKey) {
      const earlier = await this.findKey(this.dataSource.manager, cmd.idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    try {
      let result: { status: number; body: RegisteredPetition } | undefined;
      // A tracking code is random: on the rare collision with an existing one, draw again.
      for (let attempt = 1; !result; attempt++) {
        try {
          result = await this.dataSource.transaction((m) =>
            this.register(m, cmd, receivedAt, now, requestHash),
          );
        } catch (err) {
          const e = err as { driverError?: { code?: string; constraint?: string } };
          const collided =
            e.driverError?.code === '23505' && e.driverError.constraint?.includes('tracking_code');
          if (!collided || attempt >= 5) throw err;
        }
      }
      this.relay.wake();
      return result;
    } catch (err) {
      // Two retries with one key raced: the loser answers with the winner's response.
      if (
        cmd.idempotencyKey &&
        (err as { code?: string; driverError?: { code?: string } }).driverError?.code === '23505'
      ) {
        const earlier = await this.findKey(this.dataSource.manager, cmd.idempotencyKey, requestHash);
        if (earlier) return earlier;
      }
      throw err;
    }
  }

  private async findKey(
    m: EntityManager,
    key: string,
    requestHash: string,
  ): Promise<{ status: number; body: RegisteredPetition } | undefined> {
    const row = await m.findOne(IdempotencyKeyEntity, { where: { key } });
    if (!row) return undefined;
    if (row.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
    return { status: row.statusCode, body: row.response as unknown as RegisteredPetition };
  }

  private async register(
    m: EntityManager,
    cmd: RegisterPetitionCommand,
    receivedAt: Date,
    now: Date,
    requestHash: string,
  ): Promise<{ status: number; body: RegisteredPetition }> {
    const p = cmd.petition;
    const caseId = randomUUID();
    const trackingCode = newTrackingCode(receivedAt);
    const isAnonymous = p.petitioner.type === 'anonymous';
    const petitioner = {
      ...p.petitioner,
      phone: p.petitioner.phone ? normalisePhone(p.petitioner.phone) : undefined,
    };
    let repeatOfCaseId: string | null = null;
    if (p.relatedTrackingCode) {
      const related = await m.findOne(PetitionCaseEntity, { where: { trackingCode: p.relatedTrackingCode } });
      repeatOfCaseId = related?.id ?? null;
    }
    // Đơn trùng / tái diễn: the same petitioner, near-identical content, within the window.
    const key = petitionerKey({ ...p.petitioner, phone: petitioner.phone });
    let isRepeat = false;
    if (key) {
      const since = new Date(receivedAt.getTime() - this.env.REPEAT_WINDOW_DAYS * 86400000);
      const earlier: { id: string; content: string; repeat_of_case_id: string | null }[] = await m.query(
        `SELECT id, content, repeat_of_case_id FROM cases
         WHERE petitioner_key = $1 AND received_at >= $2 ORDER BY received_at DESC LIMIT 50`,
        [key, since],
      );
      const match = earlier.find((e) => similarity(e.content, p.content) >= REPEAT_THRESHOLD);
      if (match) {
        isRepeat = true;
        // Link to the first case of the chain, so every repeat points at the original.
        repeatOfCaseId = match.repeat_of_case_id ?? match.id;
      }
    }
    const entity = m.create(PetitionCaseEntity, {
      id: caseId,
      trackingCode,
      channel: p.channel,
      channelDetails: { ...(p.channelDetails ?? {}) },
      receivedAt,
      registeredAt: now,
      petitionerType: p.petitioner.type,
      petitioner: JSON.parse(JSON.stringify(petitioner)),
      content: p.content,
      wardCode: p.wardCode ?? null,
      locationText: p.locationText ?? null,
      isAnonymous,
      repeatOfCaseId,
      isRepeat,
      petitionerKey: key,
      contentFolded: foldText(p.content),
      conferenceId: cmd.conferenceId ?? null,
      attachments: (p.attachments ?? []).map((a) => ({ ...a })),
    });
    await m.insert(PetitionCaseEntity, entity);

    const payload: CaseReceivedV1 = Object.assign(new CaseReceivedV1(), {
      trackingCode,
      channel: p.channel,
      receivedAt: receivedAt.toISOString(),
      petitioner: {
        type: p.petitioner.type,
        fullName: p.petitioner.fullName ?? p.petitioner.representativeName ?? p.petitioner.pseudonym,
        nationalId: p.petitioner.nationalId,
        address: p.petitioner.address,
        phone: petitioner.phone,
        signatoryCount: p.petitioner.signatoryCount,
        organisationName: p.petitioner.organisationName,
      },
      content: p.content,
      wardCode: p.wardCode,
      locationText: p.locationText,
      isAnonymous,
      repeatOfCaseId: repeatOfCaseId ?? undefined,
      submittedToLevel: p.submittedToLevel,
      attachments: p.attachments?.map((a) => ({ ...a })),
    });
    const event = createEnvelope({
      payloadClass: CaseReceivedV1,
      payload: JSON.parse(JSON.stringify(payload)),
      caseId,
      producer: 'intake',
      actor: { type: 'user', id: cmd.actorId, role: 'intake_clerk' },
      occurredAt: now,
    });
    await addToOutbox(m, [event]);

    const body: RegisteredPetition = {
      caseId,
      trackingCode,
      receivedAt: receivedAt.toISOString(),
      registeredAt: now.toISOString(),
      status: 'received',
      repeatOfCaseId,
      isRepeat,
      receipt: buildReceipt({ trackingCode, channel: p.channel, receivedAt, caseId }),
    };
    if (cmd.idempotencyKey) {
      await m.insert(IdempotencyKeyEntity, {
        key: cmd.idempotencyKey,
        requestHash,
        statusCode: 201,
        response: body as unknown as Record<string, any>,
        createdAt: now,
      });
    }
    return { status: 201, body };
  }
}
