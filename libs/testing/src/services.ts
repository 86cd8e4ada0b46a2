import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const SERVICE_NAMES = [
  'intake',
  'classification',
  'assignment',
  'escalation',
  'casework',
  'audit',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceProcess {
  name: ServiceName;
  port: number;
  url: string;
  child: ChildProcess;
  /** Ends the process: SIGTERM drains gracefully, SIGKILL simulates a crash. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Start a compiled service as its own OS process and wait for /health. The build is dist/ (`npm run build`), or
 * SERVICES_DIST_DIR when set (a private outDir, so parallel work never overwrites the shared dist/).
 */
export async function startServiceProcess(
  name: ServiceName,
  port: number,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const dist = process.env.SERVICES_DIST_DIR ?? join(ROOT, 'dist');
  const main = join(dist, 'apps', name, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  const logDir = join(ROOT, '.infra', 'test-logs');
  mkdirSync(logDir, { recursive: true });
  const out = openSync(join(logDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_PATH: join(ROOT, 'node_modules'),
      LOG_LEVEL: 'warn',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 90000;
  for (;;) {
    if (exited) throw new Error(`${name} exited during start-up (see .infra/test-logs/${name}.log)`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline)
      throw new Error(`${name} not healthy after 90 s (see .infra/test-logs/${name}.log)`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    port,
    url,
    child,
    kill: (signal: NodeJS.Signals = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
