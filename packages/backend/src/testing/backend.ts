import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../../..');

/** A port the OS hands out as free on 127.0.0.1 (closed again before use). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningBackend {
  baseUrl: string;
  logs(): string;
  stop(): Promise<void>;
  /** The process serving HTTP, to kill or to measure. */
  serverPid(): number;
}

/**
 * Starts the real backend package (the code `./portal start` runs) with the given config files layered
 * in order, and waits until its readiness endpoint answers. It runs the sources with node and
 * Backstage's TypeScript loader, as `backstage-cli package start` does, but without its file watcher:
 * that one restarts the backend whenever a source file it loaded changes, and a backend that restarts
 * mid-test because someone saved a file would fail the test for nothing. The spawned process is the
 * server itself.
 */
export async function startBackend(options: {
  configs: string[];
  extraConfig: object;
  env: Record<string, string>;
  port: number;
  timeoutMs?: number;
}): Promise<RunningBackend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-backend-'));
  const override = path.join(dir, 'app-config.test.json');
  fs.writeFileSync(override, JSON.stringify(options.extraConfig));
  const transform = path.join(
    repoRoot,
    'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
  );
  const args = ['--enable-source-maps', '--require', transform, 'src/index'];
  for (const c of [...options.configs, override]) args.push('--config', c);

  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: path.join(repoRoot, 'packages/backend'),
    env: {
      ...process.env,
      ...options.env,
      NODE_ENV: 'development',
      ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A loaded backend logs every request: keep the tail, for the error message of a failed start.
  let log = '';
  const keep = (d: Buffer) => (log = (log + d).slice(-1_000_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise(r => child.once('exit', r));
  const alive = () => child.exitCode === null && child.signalCode === null;

  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (;;) {
    if (!alive())
      throw new Error(`backend exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`backend not ready on ${baseUrl}:\n${log}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }

  return {
    baseUrl,
    logs: () => log,
    serverPid: () => child.pid!,
    async stop() {
      if (alive()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The backend as `./portal start` runs it (app-config.yaml alone, on a free loopback port) and a guest's
 * Backstage token for it: what a newcomer's browser, CLI or agent would hold.
 */
export async function startLocalBackendAsGuest(): Promise<{
  backend: RunningBackend;
  token: string;
}> {
  const port = await freePort();
  const backend = await startBackend({
    port,
    configs: [path.join(repoRoot, 'app-config.yaml')],
    env: {},
    extraConfig: {
      app: { baseUrl: `http://127.0.0.1:${port}` },
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
      },
    },
  });
  const res = await fetch(
    `${backend.baseUrl}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  if (res.status !== 200) {
    await backend.stop();
    throw new Error(
      `guest sign-in failed (${res.status}): ${await res.text()}`,
    );
  }
  const token = ((await res.json()) as { backstageIdentity: { token: string } })
    .backstageIdentity.token;
  return { backend, token };
}
