import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import {
  DEV_INTERNAL_AUTH_SECRET,
  INTERNAL_TOKEN_AUDIENCE,
  InvalidTokenError,
  verifyInternalToken,
} from '@lib/auth';
import { RunningService, startService } from '@lib/platform';
import {
  deleteNamespaceTopics,
  resetDatabase,
  testDatabaseUrl,
  testKafka,
  uniqueNamespace,
} from '@lib/testing';
import { CaseworkEnv } from '../src/casework.env';
import { caseworkService } from '../src/casework.service';

// Casework issuing internal bearer tokens to signed-in users, on the real database and broker, with its own secret.
const DB = testDatabaseUrl('casework_token');
const NS = uniqueNamespace();
const PORT = 13110;
const BASE = `http://127.0.0.1:${PORT}`;
const SECRET = randomBytes(32).toString('hex');
let svc: RunningService<CaseworkEnv>;

async function login(username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'MatKhau@2026' }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const issue = (headers: Record<string, string>) =>
  fetch(`${BASE}/api/auth/internal-token`, { method: 'POST', headers }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as any,
  }));

beforeAll(async () => {
  await resetDatabase(DB);
  svc = await startService(caseworkService, {
    env: { DATABASE_URL: DB, KAFKA_NAMESPACE: NS, LOG_LEVEL: 'silent', INTERNAL_AUTH_SECRET: SECRET },
    port: PORT,
  });
});

afterAll(async () => {
  await svc?.stop();
  await deleteNamespaceTopics(testKafka(), NS);
});

describe('POST /api/auth/internal-token', () => {
  it("gives a signed-in user a 15-minute bearer token with their id, role and unit, signed with the service's secret", async () => {
    const s = await login('thanhtra');
    const me = (await (await fetch(`${BASE}/api/auth/me`, { headers: { cookie: s.cookie } })).json()) as any;
    const r = await issue({ cookie: s.cookie, 'x-csrf-token': s.csrf });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, roles: ['auditor'] });
    const claims = verifyInternalToken(r.body.accessToken, SECRET, new Date());
    expect(claims).toMatchObject({
      sub: me.userId,
      roles: ['auditor'],
      unitId: me.unitId,
      aud: INTERNAL_TOKEN_AUDIENCE,
    });
    expect(new Date(r.body.expiresAt).getTime()).toBe(claims.exp * 1000);
    // Signed with the configured secret, not the development default.
    expect(() => verifyInternalToken(r.body.accessToken, DEV_INTERNAL_AUTH_SECRET, new Date())).toThrow(
      InvalidTokenError,
    );
    const admin = await login('quantri');
    const adminToken = await issue({ cookie: admin.cookie, 'x-csrf-token': admin.csrf });
    expect(verifyInternalToken(adminToken.body.accessToken, SECRET, new Date()).roles).toEqual(['admin']);
  });

  it('refuses without a session (401) or without its CSRF token (403)', async () => {
    expect(await issue({})).toMatchObject({ status: 401, body: { error: 'CASEWORK.UNAUTHENTICATED' } });
    const s = await login('thanhtra');
    expect(await issue({ cookie: s.cookie })).toMatchObject({
      status: 403,
      body: { error: 'CASEWORK.FORBIDDEN' },
    });
    expect((await issue({ cookie: s.cookie, 'x-csrf-token': 'guess' })).status).toBe(403);
  });
});
