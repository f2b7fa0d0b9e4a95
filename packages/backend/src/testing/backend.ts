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
}

/**
 * Starts the real backend package (the same code `./portal start` runs) with the given config
 * files layered in order, and waits until its readiness endpoint answers.
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
  const args = ['package', 'start'];
  for (const c of [...options.configs, override]) args.push('--config', c);

  const child: ChildProcess = spawn(
    path.join(repoRoot, 'node_modules/.bin/backstage-cli'),
    args,
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      env: { ...process.env, ...options.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so stop() also ends the CLI's children
    },
  );
  let log = '';
  child.stdout?.on('data', d => (log += d));
  child.stderr?.on('data', d => (log += d));

  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`backend exited with ${child.exitCode}:\n${log}`);
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`backend not ready on ${baseUrl}:\n${log}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }

  return {
    baseUrl,
    logs: () => log,
    async stop() {
      const exited = new Promise(r => child.once('exit', r));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>(r => setTimeout(() => r(true), 10_000)),
      ]);
      if (timedOut) process.kill(-child.pid!, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
