import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_ENV } from '@lib/platform';
import { IntakeEnv } from '../intake.env';
import { foldText, petitionerKey, REPEAT_THRESHOLD, similarity } from '../domain/similarity';
import { buildReceipt, Receipt } from '../receipts/receipt';
import { DataSource, EntityManager } from 'typeorm';
import { CaseReceivedV1, createEnvelope } from '@lib/contracts';
import { Clock, newTrackingCode } from '@lib/domain';
import { errorCode, insertOutboxSql, outboxRows, OutboxRelay } from '@lib/messaging';
import { FieldProblem, IdempotencyKeyReusedError, IntakeValidationError } from '../domain/intake.errors';
import { mediaTypeFits } from '../domain/media-type';
import { normalisePhone } from '../domain/vietnamese-validators';
import { AttachmentStore } from '../infrastructure/attachment-store';
import { IdempotencyKeyEntity } from '../infrastructure/idempotency-key.entity';
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

/** The answer, and whether it is the stored first answer to an Idempotency-Key (nothing new was written). */
export interface RegisterPetitionResult {
  status: number;
  body: RegisteredPetition;
  replayed: boolean;
}

// A received date a few minutes ahead is clock skew between the desk PC and the server, not the future.
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
const UNIQUE_VIOLATION = '23505';
const DEADLOCK_DETECTED = '40P01';
/** The first key of intake's transaction-scoped advisory locks on petitioners (the second is the key's hash). */
const PETITIONER_LOCK_SPACE = 72431;

/**
 * Take the petitioners' locks for the rest of the transaction, in one order (sorted hashes), so that two
 * registrations of one petitioner run one after the other. Keys are hashed to 32 bits: two petitioners that share a
 * hash only wait for each other.
 */
async function lockPetitioners(t: EntityManager, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await t.query(
    `SELECT pg_advisory_xact_lock(${PETITIONER_LOCK_SPACE}, h)
     FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS s`,
    [keys],
  );
}
// Group commit: at most this many requests in one group, and this many groups being written at once.
const MAX_GROUP = 100;
const MAX_CONCURRENT_GROUPS = 2;

const requestHashOf = (p: RegisterPetitionDto) =>
  createHash('sha256').update(JSON.stringify(p)).digest('hex');
const receivedAtOf = (p: RegisterPetitionDto, now: Date) => (p.receivedAt ? new Date(p.receivedAt) : now);
const FUTURE_PROBLEM: FieldProblem = { field: 'receivedAt', reason: 'receivedAt must not be in the future' };
const isFuture = (receivedAt: Date, now: Date) => receivedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS;
/** The petitioner's identity for repeat detection (ID number, or name and normalised phone); null if unknown. */
const petitionerKeyOf = (p: RegisterPetitionDto) =>
  petitionerKey({
    ...p.petitioner,
    phone: p.petitioner.phone ? normalisePhone(p.petitioner.phone) : undefined,
  });

interface RepeatLink {
  repeatOfCaseId: string | null;
  isRepeat: boolean;
}

@Injectable()
export class RegisterPetitionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly attachments: AttachmentStore,
    @Inject(SERVICE_ENV) private readonly env: IntakeEnv,
  ) {}

  /**
   * Register one petition from an HTTP request. Requests that arrive while others are being written are
   * registered together (group commit: their lookups and inserts as a few set-based statements), so under load
   * intake spends one round trip on many petitions; a lone request goes alone, with no wait. Each answer is what
   * execute would have given.
   */
  async submit(cmd: RegisterPetitionCommand): Promise<RegisterPetitionResult> {
    await this.precheck(cmd.petition, this.clock.now());
    return new Promise((resolve, reject) => {
      this.queue.push({ cmd, resolve, reject });
      this.scheduleFlush();
    });
  }

  private readonly queue: {
    cmd: RegisterPetitionCommand;
    resolve: (r: RegisterPetitionResult) => void;
    reject: (err: unknown) => void;
  }[] = [];
  private flushScheduled = false;
  private flushing = 0;

  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing >= MAX_CONCURRENT_GROUPS || !this.queue.length) return;
    this.flushScheduled = true;
    // After the I/O callbacks of this turn: every request already parsed joins the group.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flushGroup();
    });
  }

  private async flushGroup(): Promise<void> {
    const group = this.queue.splice(0, MAX_GROUP);
    if (!group.length) return;
    this.flushing++;
    this.scheduleFlush();
    try {
      const settled = await this.settleMany(group.map((g) => g.cmd));
      settled.forEach((r, i) => (r instanceof Error ? group[i].reject(r) : group[i].resolve(r)));
    } catch (err) {
      for (const g of group) g.reject(err);
    } finally {
      this.flushing--;
      this.scheduleFlush();
    }
  }

  /** What can be refused before anything is written: a received date in the future, attachments not stored. */
  private async precheck(p: RegisterPetitionDto, now: Date): Promise<void> {
    const problems: FieldProblem[] = isFuture(receivedAtOf(p, now), now) ? [FUTURE_PROBLEM] : [];
    problems.push(...(await this.checkAttachments(p)));
    if (problems.length) throw new IntakeValidationError(problems);
  }

  async execute(cmd: RegisterPetitionCommand): Promise<RegisterPetitionResult> {
    const now = this.clock.now();
    const p = cmd.petition;
    const receivedAt = receivedAtOf(p, now);
    await this.precheck(p, now);
    const requestHash = requestHashOf(p);
    if (cmd.idempotencyKey) {
      const earlier = await this.findKey(this.dataSource.manager, cmd.idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    try {
      let result: RegisterPetitionResult | undefined;
      // A tracking code is random: on the rare collision with an existing one, draw again.
      for (let attempt = 1; !result; attempt++) {
        try {
          result = await this.register(this.dataSource.manager, cmd, receivedAt, now, requestHash);
        } catch (err) {
          const constraint = (err as { driverError?: { constraint?: string } }).driverError?.constraint;
          const collided = errorCode(err) === UNIQUE_VIOLATION && constraint?.includes('tracking_code');
          if (!collided || attempt >= 5) throw err;
        }
      }
      this.relay.wake();
      return result;
    } catch (err) {
      // Two retries with one key raced: the loser answers with the winner's response.
      if (cmd.idempotencyKey && errorCode(err) === UNIQUE_VIOLATION) {
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
    trustKey = false,
  ): Promise<RegisterPetitionResult | undefined> {
    const row = await m.findOne(IdempotencyKeyEntity, { where: { key } });
    if (!row) return undefined;
    if (row.requestHash !== requestHash && !trustKey) throw new IdempotencyKeyReusedError();
    return { status: row.statusCode, body: row.response as unknown as RegisteredPetition, replayed: true };
  }

  /**
   * Every listed file must have been uploaded (POST /attachments) and its size and type must agree with the
   * stored bytes; a paper-only document (original kept at the desk) has no file and so no file fields.
   */
  private async checkAttachments(p: RegisterPetitionDto): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    for (const [i, a] of (p.attachments ?? []).entries()) {
      const at = `attachments.${i}`;
      if (a.isPaperOnly) {
        for (const f of ['mediaType', 'sizeBytes', 'sha256'] as const) {
          if (a[f] !== undefined)
            problems.push({
              field: `${at}.${f}`,
              reason: `a paper-only attachment has no stored file: leave out ${f}, or upload the file and drop isPaperOnly`,
            });
        }
        continue;
      }
      const stored = await this.attachments.describe(a.sha256!);
      if (!stored) {
        problems.push({
          field: `${at}.sha256`,
          reason:
            'no file with this sha256 has been uploaded: upload it through POST /attachments first, or mark a ' +
            'document kept on paper at the desk with isPaperOnly',
        });
        continue;
      }
      if (a.sizeBytes !== stored.sizeBytes) {
        problems.push({
          field: `${at}.sizeBytes`,
          reason: `sizeBytes is ${a.sizeBytes} but the stored file has ${stored.sizeBytes} bytes`,
        });
      }
      const fit = mediaTypeFits(a.mediaType!, stored.head);
      if (!fit.fits) {
        problems.push({
          field: `${at}.mediaType`,
          reason: `the stored file is ${fit.detected ?? 'not recognisable as that type'}, not ${a.mediaType}`,
        });
      }
    }
    return problems;
  }

  private async register(
    m: EntityManager,
    cmd: RegisterPetitionCommand,
    receivedAt: Date,
    now: Date,
    requestHash: string,
  ): Promise<RegisterPetitionResult> {
    const key = petitionerKeyOf(cmd.petition);
    const write = async (t: EntityManager) => {
      const [link] = await this.repeatLinks(t, [{ petition: cmd.petition, receivedAt, petitionerKey: key }]);
      const c = this.newCase(cmd, receivedAt, now, requestHash, { ...link, petitionerKey: key });
      // The case, its case.received and the idempotency record in one statement (a unique violation — tracking
      // code or key — rolls all three back).
      await t.query(insertCasesSql, [JSON.stringify([c.row]), now, JSON.stringify(outboxRows([c.event]))]);
      return { status: 201, body: c.body, replayed: false };
    };
    // A known petitioner: looked up and written under their lock, so a concurrent petition of theirs (another
    // group, another replica) is registered wholly before or after this one and the repeat link is not missed.
    if (!key) return write(m);
    return m.transaction(async (t) => {
      await lockPetitioners(t, [key]);
      return write(t);
    });
  }

  /**
   * Register many petitions at once (a dialogue conference's opinion rows), in order, answering each as execute
   * would; the first refusal is thrown. `trustKeys`: the idempotency keys are derived from the request's own
   * content (a conference row's cells), so a stored answer under one is the answer, even when a detail outside
   * the key (the received time) differs.
   */
  async executeMany(
    cmds: RegisterPetitionCommand[],
    opts: { trustKeys?: boolean } = {},
  ): Promise<RegisterPetitionResult[]> {
    const settled = await this.settleMany(cmds, opts);
    const failed = settled.find((r): r is Error => r instanceof Error);
    if (failed) throw failed;
    return settled as RegisterPetitionResult[];
  }

  /**
   * The answer or the refusal for each petition, in order. One statement reads the stored idempotency keys; then,
   * per 250 petitions, one transaction locks their petitioners, reads the related tracking codes and every
   * petitioner's earlier petitions (repeat detection), and writes cases, events and keys. A petition whose
   * petitioner or key already occurs earlier in the list, and a chunk that meets a unique violation (a
   * tracking-code collision, or a key written by a concurrent request), go one by one afterwards through execute,
   * so each sees the ones before it.
   */
  private async settleMany(
    cmds: RegisterPetitionCommand[],
    opts: { trustKeys?: boolean } = {},
  ): Promise<(RegisterPetitionResult | Error)[]> {
    const results: (RegisterPetitionResult | Error)[] = new Array(cmds.length);
    const now = this.clock.now();
    const hashes = cmds.map((c) => requestHashOf(c.petition));
    const keys = [...new Set(cmds.map((c) => c.idempotencyKey).filter((k): k is string => Boolean(k)))];
    const stored = new Map<
      string,
      { requestHash: string; statusCode: number; response: RegisteredPetition }
    >();
    for (let i = 0; i < keys.length; i += 5000) {
      const rows: { key: string; request_hash: string; status_code: number; response: RegisteredPetition }[] =
        await this.dataSource.query(
          `SELECT key, request_hash, status_code, response FROM idempotency_keys WHERE key = ANY($1::text[])`,
          [keys.slice(i, i + 5000)],
        );
      for (const r of rows)
        stored.set(r.key, { requestHash: r.request_hash, statusCode: r.status_code, response: r.response });
    }

    interface Pending {
      i: number;
      receivedAt: Date;
      petitionerKey: string | null;
    }
    const batch: Pending[] = [];
    const later: number[] = [];
    const seenKeys = new Set<string>();
    const seenPetitioners = new Set<string>();
    cmds.forEach((cmd, i) => {
      const p = cmd.petition;
      const earlier = cmd.idempotencyKey ? stored.get(cmd.idempotencyKey) : undefined;
      if (earlier) {
        results[i] =
          earlier.requestHash !== hashes[i] && !opts.trustKeys
            ? new IdempotencyKeyReusedError()
            : { status: earlier.statusCode, body: earlier.response, replayed: true };
        return;
      }
      const receivedAt = receivedAtOf(p, now);
      if (isFuture(receivedAt, now)) {
        results[i] = new IntakeValidationError([FUTURE_PROBLEM]);
        return;
      }
      const key = petitionerKeyOf(p);
      const repeatsInList =
        (cmd.idempotencyKey !== undefined && seenKeys.has(cmd.idempotencyKey)) ||
        (key !== null && seenPetitioners.has(key));
      if (cmd.idempotencyKey) seenKeys.add(cmd.idempotencyKey);
      if (key) seenPetitioners.add(key);
      if (repeatsInList) later.push(i);
      else batch.push({ i, receivedAt, petitionerKey: key });
    });

    for (let from = 0; from < batch.length; from += 250) {
      const chunk = batch.slice(from, from + 250);
      const keysOfChunk = chunk.flatMap((b) => (b.petitionerKey ? [b.petitionerKey] : []));
      try {
        // Each chunk's petitioners are locked, looked up and written in one transaction (see register).
        const built = await this.dataSource.transaction(async (t) => {
          await lockPetitioners(t, keysOfChunk);
          const links = await this.repeatLinks(
            t,
            chunk.map((b) => ({
              petition: cmds[b.i].petition,
              receivedAt: b.receivedAt,
              petitionerKey: b.petitionerKey,
            })),
          );
          const cases = chunk.map((b, j) =>
            this.newCase(cmds[b.i], b.receivedAt, now, hashes[b.i], {
              ...links[j],
              petitionerKey: b.petitionerKey,
            }),
          );
          await t.query(insertCasesSql, [
            JSON.stringify(cases.map((c) => c.row)),
            now,
            JSON.stringify(outboxRows(cases.map((c) => c.event))),
          ]);
          return cases;
        });
        chunk.forEach((b, j) => (results[b.i] = { status: 201, body: built[j].body, replayed: false }));
        this.relay.wake();
      } catch (err) {
        // A key or tracking code written meanwhile, or two chunks that locked petitioners crosswise: one by one.
        if (errorCode(err) !== UNIQUE_VIOLATION && errorCode(err) !== DEADLOCK_DETECTED) throw err;
        later.push(...chunk.map((b) => b.i));
      }
    }
    for (const i of later.sort((a, b) => a - b)) {
      try {
        results[i] = await this.execute(cmds[i]);
      } catch (err) {
        if (opts.trustKeys && err instanceof IdempotencyKeyReusedError) {
          results[i] = (await this.findKey(this.dataSource.manager, cmds[i].idempotencyKey!, '', true))!;
        } else if (err instanceof Error) {
          results[i] = err;
        } else throw err;
      }
    }
    return results;
  }

  /**
   * Each petition's link to an earlier case, in order: the case whose tracking code it quotes, or — đơn trùng /
   * tái diễn — a near-identical petition of the same petitioner received within REPEAT_WINDOW_DAYS, which makes
   * it a repeat linked to the first case of that chain. Two statements however many petitions; the petitioners
   * are distinct (a petitioner's second petition must be registered after its first to see it).
   */
  private async repeatLinks(
    m: EntityManager,
    items: { petition: RegisterPetitionDto; receivedAt: Date; petitionerKey: string | null }[],
  ): Promise<RepeatLink[]> {
    const codes = [...new Set(items.map((x) => x.petition.relatedTrackingCode).filter(Boolean))];
    const related = new Map<string, string>();
    if (codes.length) {
      const rows: { id: string; tracking_code: string }[] = await m.query(
        `SELECT id, tracking_code FROM cases WHERE tracking_code = ANY($1::text[])`,
        [codes],
      );
      for (const r of rows) related.set(r.tracking_code, r.id);
    }
    const withKey = items.filter((x) => x.petitionerKey);
    const history = new Map<string, { id: string; content: string; repeat_of_case_id: string | null }[]>();
    if (withKey.length) {
      const rows: {
        key: string;
        id: string;
        content: string;
        repeat_of_case_id: string | null;
        received_at: Date;
      }[] = await m.query(
        `SELECT q.k AS key, c.id, c.content, c.repeat_of_case_id, c.received_at
         FROM unnest($1::text[], $2::timestamptz[]) AS q(k, since)
         CROSS JOIN LATERAL (
           SELECT id, content, repeat_of_case_id, received_at FROM cases
           WHERE petitioner_key = q.k::char(64) AND received_at >= q.since ORDER BY received_at DESC LIMIT 50
         ) c`,
        [
          withKey.map((x) => x.petitionerKey),
          withKey.map((x) => new Date(x.receivedAt.getTime() - this.env.REPEAT_WINDOW_DAYS * 86400000)),
        ],
      );
      rows.sort((a, b) => new Date(b.received_at).getTime() - new Date(a.received_at).getTime());
      for (const r of rows) history.set(r.key.trim(), [...(history.get(r.key.trim()) ?? []), r]);
    }
    return items.map(({ petition: p, petitionerKey: key }) => {
      const match = key
        ? (history.get(key) ?? []).find((e) => similarity(e.content, p.content) >= REPEAT_THRESHOLD)
        : undefined;
      // A repeat links to the first case of the chain, so every repeat points at the original.
      if (match) return { repeatOfCaseId: match.repeat_of_case_id ?? match.id, isRepeat: true };
      return {
        repeatOfCaseId: p.relatedTrackingCode ? (related.get(p.relatedTrackingCode) ?? null) : null,
        isRepeat: false,
      };
    });
  }

  /** The case row, its case.received and the answer, for one petition (repeat detection already done). */
  private newCase(
    cmd: RegisterPetitionCommand,
    receivedAt: Date,
    now: Date,
    requestHash: string,
    repeat: RepeatLink & { petitionerKey: string | null },
  ) {
    const p = cmd.petition;
    const caseId = randomUUID();
    const trackingCode = newTrackingCode(receivedAt);
    const isAnonymous = p.petitioner.type === 'anonymous';
    const petitioner = {
      ...p.petitioner,
      phone: p.petitioner.phone ? normalisePhone(p.petitioner.phone) : undefined,
    };
    const { repeatOfCaseId, isRepeat } = repeat;
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
      // Stored files as attachments; documents kept on paper at the desk by name only.
      attachments: p.attachments
        ?.filter((a) => !a.isPaperOnly)
        .map((a) => ({ name: a.name, mediaType: a.mediaType!, sizeBytes: a.sizeBytes!, sha256: a.sha256! })),
      paperDocuments: paperDocumentsOf(p.attachments),
    });
    const event = createEnvelope({
      payloadClass: CaseReceivedV1,
      payload: JSON.parse(JSON.stringify(payload)),
      caseId,
      producer: 'intake',
      actor: { type: 'user', id: cmd.actorId, role: 'intake_clerk' },
      occurredAt: now,
    });
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
    const row = {
      id: caseId,
      tracking_code: trackingCode,
      channel: p.channel,
      channel_details: { ...(p.channelDetails ?? {}) },
      received_at: receivedAt.toISOString(),
      petitioner_type: p.petitioner.type,
      petitioner,
      content: p.content,
      ward_code: p.wardCode ?? null,
      location_text: p.locationText ?? null,
      is_anonymous: isAnonymous,
      repeat_of_case_id: repeatOfCaseId,
      is_repeat: isRepeat,
      petitioner_key: repeat.petitionerKey,
      content_folded: foldText(p.content),
      conference_id: cmd.conferenceId ?? null,
      attachments: p.attachments ?? [],
      idempotency_key: cmd.idempotencyKey ?? null,
      request_hash: requestHash,
      response: body,
    };
    return { row, event, body };
  }
}

/**
 * Cases ($1: a jsonb array of newCase rows), their case.received ($3: outbox rows) and their idempotency records
 * in one statement, registered at $2: atomic without a transaction round trip (a unique violation — tracking code
 * or key — rolls everything back).
 */
const insertCasesSql = `WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, tracking_code text, channel text,
      channel_details jsonb, received_at timestamptz, petitioner_type text, petitioner jsonb, content text,
      ward_code text, location_text text, is_anonymous boolean, repeat_of_case_id uuid, is_repeat boolean,
      petitioner_key text, content_folded text, conference_id uuid, attachments jsonb, idempotency_key text,
      request_hash text, response jsonb)
  ),
  new_cases AS (
    INSERT INTO cases (id, tracking_code, channel, channel_details, received_at, registered_at, petitioner_type,
      petitioner, content, ward_code, location_text, is_anonymous, repeat_of_case_id, is_repeat, petitioner_key,
      content_folded, conference_id, attachments)
    SELECT id, tracking_code, channel, channel_details, received_at, $2, petitioner_type, petitioner, content,
      ward_code, location_text, is_anonymous, repeat_of_case_id, is_repeat, petitioner_key, content_folded,
      conference_id, attachments
    FROM input
  ),
  new_events AS (${insertOutboxSql('$3')})
  INSERT INTO idempotency_keys (key, request_hash, status_code, response, created_at)
  SELECT idempotency_key, request_hash, 201, response, $2 FROM input WHERE idempotency_key IS NOT NULL`;

/** The paper-only documents a petition lists, by name; undefined when there are none (the field is then left out). */
function paperDocumentsOf(attachments: { name: string; isPaperOnly?: boolean }[] | undefined) {
  const paper = attachments?.filter((a) => a.isPaperOnly).map((a) => ({ name: a.name }));
  return paper?.length ? paper : undefined;
}
