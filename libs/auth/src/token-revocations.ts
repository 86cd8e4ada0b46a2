import { Controller, Injectable } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { AccessRevokedV1, EventEnvelope, Topics } from '@lib/contracts';
import { BATCH } from '@lib/messaging';
import { InternalTokenClaims } from './internal-token';

/**
 * The table a service that accepts internal tokens keeps of casework's withdrawals (access.revoked), in its own
 * schema: one row per event (replays and redeliveries change nothing). Run by the services' migrations
 * 1764900000000 (assignment, audit): applied migrations are history, so never change this; a new shape is a new
 * migration in each service.
 */
export function tokenRevocationsDdl(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}"."token_revocations" (
      "event_id" uuid PRIMARY KEY,
      "user_id" text NOT NULL,
      "session_id" text,
      "revoked_at" timestamptz NOT NULL,
      "reason" text NOT NULL
    )`,
    `CREATE INDEX "token_revocations_user_idx" ON "${schema}"."token_revocations" ("user_id")`,
  ];
}

/**
 * Whether casework has withdrawn a token: its session was ended (the token's sid), or all of the user's tokens
 * issued up to a moment were. `iat` has whole seconds, so a token issued in the same second as a user-wide
 * withdrawal counts as withdrawn too: refusing one fresh token is the safe side.
 */
@Injectable()
export class TokenRevocations {
  constructor(private readonly dataSource: DataSource) {}

  async isRevoked(claims: InternalTokenClaims): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM token_revocations
       WHERE user_id = $1 AND ((session_id IS NOT NULL AND session_id = $2)
         OR (session_id IS NULL AND revoked_at >= to_timestamp($3)))
       LIMIT 1`,
      [claims.sub, claims.sid ?? null, claims.iat],
    );
    return rows.length > 0;
  }

  /** Keep withdrawals (each once, whatever the deliveries). */
  async record(events: EventEnvelope<AccessRevokedV1>[]): Promise<void> {
    if (!events.length) return;
    await this.dataSource.query(
      `INSERT INTO token_revocations (event_id, user_id, session_id, revoked_at, reason)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[])
       ON CONFLICT (event_id) DO NOTHING`,
      [
        events.map((e) => e.eventId),
        events.map((e) => e.payload.userId),
        events.map((e) => e.payload.sessionId ?? null),
        events.map((e) => e.occurredAt),
        events.map((e) => e.payload.reason),
      ],
    );
  }
}

/** For a service that only needs to honour withdrawals (audit also stores the events, with its own consumer). */
@Controller()
export class TokenRevocationsConsumer {
  constructor(private readonly revocations: TokenRevocations) {}

  @EventPattern(Topics.AccessRevoked, BATCH)
  onRevoked(@Payload() events: EventEnvelope<AccessRevokedV1>[]) {
    return this.revocations.record(events);
  }
}
