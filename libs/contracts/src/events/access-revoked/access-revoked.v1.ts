import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { uuidV5 } from '../../stream-id';

// Fixed for good: changing it would move every user's revocations to a new audit chain.
const USER_STREAM_NAMESPACE = 'c0a3f6d2-5b1e-4f7a-9e8d-2a6b4c1d3e5f';

/**
 * The stream id of a user: UUIDv5 of "user:<id>". access.revoked carries it in the envelope's caseId, so a user's
 * revocations stay in order on one partition and form the user's own audit chain.
 */
export function userStreamId(userId: string): string {
  return uuidV5(`user:${userId}`, USER_STREAM_NAMESPACE);
}

export const REVOCATION_REASONS = ['logout', 'revoked', 'deactivated'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/**
 * Fires when casework withdraws internal bearer tokens before they expire: those of one session when it ends
 * (logout), or every token the user holds (revoked by the user, or deactivated by an admin). Services that accept
 * internal tokens refuse them from then on.
 */
export class AccessRevokedV1 {
  static readonly eventType = 'access.revoked';
  static readonly schemaVersion = 1;

  static streamIdOf(p: AccessRevokedV1): string {
    return userStreamId(p.userId);
  }

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  userId: string;

  /** The session whose tokens are withdrawn (a token's sid claim); absent: every token issued to the user so far. */
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f]{32}$/)
  sessionId?: string;

  @IsIn(REVOCATION_REASONS)
  reason: RevocationReason;
}
