import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway Redis on 127.0.0.1, from the Debian package's binary: the replicas' shared cache. */
export interface TestRedis {
  url: string;
  port: number;
  /** Set when the server was started with one (as production's is). */
  password?: string;
  stop(): Promise<void>;
}

export async function startTestRedis(
  port: number,
  options: { password?: string } = {},
): Promise<TestRedis> {
  const bin = '/usr/bin/redis-server';
  if (!fs.existsSync(bin)) {
    throw new Error(
      `${bin} not found; ./portal test installs the Debian package "redis-server" (scripts/lib.sh ensure_redis)`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-redis-'));
  // A cache only: nothing is written to disk, so a stopped test leaves nothing behind.
  const server: ChildProcess = spawn(
    bin,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      ...(options.password ? ['--requirepass', options.password] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir },
  );
  let log = '';
  server.stdout?.on('data', d => (log += d));
  server.stderr?.on('data', d => (log += d));

  const deadline = Date.now() + 15_000;
  while (!/Ready to accept connections/.test(log)) {
    if (server.exitCode !== null || Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`Redis did not start on 127.0.0.1:${port}:\n${log}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }

  return {
    url: options.password
      ? `redis://:${encodeURIComponent(options.password)}@127.0.0.1:${port}`
      : `redis://127.0.0.1:${port}`,
    port,
    password: options.password,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise(r => server.once('exit', r));
        server.kill('SIGTERM');
        await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
