import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { AccessRevokedV1, createEnvelope, RevocationReason } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { addToOutbox, OutboxRelay } from '@lib/messaging';
import { queryRows } from '@lib/persistence';
import { SERVICE_ENV } from '@lib/platform';
import { CaseworkEnv } from '../casework.env';
import {
  ActionConflictError,
  TooManyAttemptsError,
  UnauthenticatedError,
  UserNotFoundError,
} from '../domain/casework.errors';
import { Role, Viewer } from '../domain/viewer';

const WINDOW_MS = 15 * 60 * 1000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/**
 * The id internal tokens carry for the session they were issued in (their sid claim): derived from the stored hash
 * of the cookie token, so it names the session without revealing anything that would let one act as it.
 */
const sessionIdOf = (tokenHash: string) => sha256(`sid:${tokenHash}`).slice(0, 32);

export interface SessionContext {
  viewer: Viewer;
  csrfToken: string;
  sessionId: string;
}

/** Local accounts (argon2id), server-side sessions, CSRF tokens and login rate limiting. */
@Injectable()
export class AuthService {
  // Per-replica limiter: failures per username and per client address within a sliding window.
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(SERVICE_ENV) private readonly env: CaseworkEnv,
    private readonly relay: OutboxRelay,
  ) {}

  async seedDemoUsers(seedFile: string): Promise<number> {
    const users = JSON.parse(readFileSync(seedFile, 'utf8')) as {
      id: string;
      username: string;
      fullName: string;
      role: Role;
      unitId: string;
      staffId: string | null;
    }[];
    const existing = new Set(
      (await this.dataSource.query(`SELECT id FROM users`)).map((r: { id: string }) => r.id),
    );
    let added = 0;
    for (const u of users.filter((x) => !existing.has(x.id))) {
      const hash = await argon2.hash(this.env.DEMO_PASSWORD, { type: argon2.argon2id });
      await this.dataSource.query(
        `INSERT INTO users (id, username, password_hash, full_name, role, unit_id, staff_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING`,
        [u.id, u.username, hash, u.fullName, u.role, u.unitId, u.staffId],
      );
      added++;
    }
    return added;
  }

  private limited(key: string, max: number): number | undefined {
    const now = Date.now();
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    this.failures.set(key, recent);
    if (recent.length >= max) return Math.ceil((recent[0] + WINDOW_MS - now) / 1000);
    return undefined;
  }

  async login(
    username: string,
    password: string,
    clientIp: string,
  ): Promise<{ token: string } & SessionContext> {
    const userKey = `u:${username.toLowerCase()}`;
    const ipKey = `ip:${clientIp}`;
    const wait =
      this.limited(userKey, this.env.LOGIN_MAX_FAILURES) ??
      this.limited(ipKey, this.env.LOGIN_MAX_FAILURES * 4);
    if (wait !== undefined) throw new TooManyAttemptsError(wait);
    const [row] = await this.dataSource.query(
      `SELECT * FROM users WHERE lower(username) = lower($1) AND is_active`,
      [username],
    );
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which usernames exist.
    const ok = row
      ? await argon2.verify(row.password_hash, password)
      : await argon2.verify(DUMMY_HASH, password).then(() => false);
    if (!ok) {
      for (const k of [userKey, ipKey]) this.failures.set(k, [...(this.failures.get(k) ?? []), Date.now()]);
      throw new UnauthenticatedError('Sai tên đăng nhập hoặc mật khẩu');
    }
    this.failures.delete(userKey);
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = this.clock.now();
    await this.dataSource.query(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at) VALUES ($1,$2,$3,$4,$5,$4)`,
      [sha256(token), row.id, csrfToken, now, new Date(now.getTime() + this.env.SESSION_TTL_MINUTES * 60000)],
    );
    return { token, csrfToken, viewer: toViewer(row), sessionId: sessionIdOf(sha256(token)) };
  }

  /** The session behind a cookie, if it is still valid (absolute and idle expiry); touches last-seen. */
  async resolve(token: string | undefined): Promise<SessionContext | undefined> {
    if (!token) return undefined;
    const now = this.clock.now();
    const idleCutoff = new Date(now.getTime() - this.env.SESSION_IDLE_MINUTES * 60000);
    const [row] = await queryRows<any>(
      this.dataSource,
      `UPDATE sessions s SET last_seen_at = $2
       FROM users u
       WHERE s.token_hash = $1 AND u.id = s.user_id AND u.is_active AND s.expires_at > $2 AND s.last_seen_at > $3
       RETURNING s.csrf_token, u.*`,
      [sha256(token), now, idleCutoff],
    );
    if (!row || !row.id) return undefined;
    return { viewer: toViewer(row), csrfToken: row.csrf_token, sessionId: sessionIdOf(sha256(token)) };
  }

  /** End the session; the internal tokens issued in it are withdrawn with it (access.revoked, same transaction). */
  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    const hash = sha256(token);
    const ended = await this.dataSource.transaction(async (m) => {
      const [ended] = await queryRows<{ user_id: string }>(
        m,
        `DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id`,
        [hash],
      );
      const userId = ended?.user_id;
      if (!userId) return false;
      await addToOutbox(m, [this.revocation(userId, 'logout', sessionIdOf(hash))]);
      return true;
    });
    if (ended) this.relay.wake();
  }

  /** Withdraw every internal token the user holds now (one that leaked, a device lost); sessions stay. */
  async revokeInternalTokens(userId: string): Promise<void> {
    await this.dataSource.transaction((m) => addToOutbox(m, [this.revocation(userId, 'revoked')]));
    this.relay.wake();
  }

  /**
   * An admin closes an account (a member of staff left): it can no longer sign in, its sessions end, and every
   * internal token it holds is withdrawn, in one transaction. Closing a closed account changes nothing.
   */
  async deactivate(userId: string, by: string): Promise<void> {
    if (userId === by) throw new ActionConflictError('Không thể tự khóa tài khoản của mình');
    const changed = await this.dataSource.transaction(async (m) => {
      const closed = await queryRows(
        m,
        `UPDATE users SET is_active = false WHERE id = $1 AND is_active RETURNING id`,
        [userId],
      );
      if (!closed.length) {
        const exists = await m.query(`SELECT 1 FROM users WHERE id = $1`, [userId]);
        if (!exists.length) throw new UserNotFoundError(userId);
        return false;
      }
      await m.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
      await addToOutbox(m, [this.revocation(userId, 'deactivated', undefined, by)]);
      return true;
    });
    if (changed) this.relay.wake();
  }

  /** Reopen an account; it signs in afresh (tokens withdrawn before stay withdrawn). */
  async activate(userId: string): Promise<void> {
    const opened = await queryRows(
      this.dataSource,
      `UPDATE users SET is_active = true WHERE id = $1 RETURNING id`,
      [userId],
    );
    if (!opened.length) throw new UserNotFoundError(userId);
  }

  private revocation(userId: string, reason: RevocationReason, sessionId?: string, by = userId) {
    return createEnvelope({
      payloadClass: AccessRevokedV1,
      payload: Object.assign(new AccessRevokedV1(), { userId, reason, ...(sessionId ? { sessionId } : {}) }),
      producer: 'casework',
      actor: { type: 'user', id: by },
      occurredAt: this.clock.now(),
    });
  }
}

const DUMMY_HASH =
  '$argon2id$v=19$m=65536,t=3,p=4$3aHE01k4NTOE39rgIWTiGQ$r8DOTv+8ZbxHXObkOHcyM+6x/QlFX0yha9cosIFNO2k';

function toViewer(row: any): Viewer {
  return {
    userId: row.id,
    username: row.username,
    fullName: row.full_name,
    role: row.role,
    unitId: row.unit_id,
    staffId: row.staff_id,
  };
}

export const USERS_SEED_FILE = (root: string) => join(root, 'apps', 'casework', 'seeds', 'users.json');
