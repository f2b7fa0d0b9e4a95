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
  /**
   * The process serving HTTP: `backstage-cli package start` runs the backend in a child of
   * its own, so the spawned pid is not the one whose memory a test should watch.
   */
  serverPid(): number;
}

/** The pid of the process listening on 127.0.0.1:`port` (Linux: /proc/net/tcp, then fd links). */
export function listeningPid(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set(
    fs
      .readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .slice(1)
      .map(line => line.trim().split(/\s+/))
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; field 9 is the socket's inode.
      .filter(f => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A')
      .map(f => `socket:[${f[9]}]`),
  );
  for (const pid of fs.readdirSync('/proc').filter(d => /^\d+$/.test(d))) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        if (inodes.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          return Number(pid);
        }
      } catch {
        // closed while we looked
      }
    }
  }
  throw new Error(`no process listens on 127.0.0.1:${port}`);
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
    serverPid: () => listeningPid(options.port),
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
