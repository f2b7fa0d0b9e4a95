import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway PostgreSQL server on 127.0.0.1, from the Debian package's binaries. */
export interface TestPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

function pgBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) {
    const dir = path.join(root, v, 'bin');
    if (fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error(
    'PostgreSQL server binaries not found under /usr/lib/postgresql; ./portal test installs the Debian package "postgresql"',
  );
}

/** initdb and postgres refuse to run as root: then they run as the Debian package's postgres user. */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startTestPostgres(port: number): Promise<TestPostgres> {
  const bin = pgBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-pg-'));
  const data = path.join(dir, 'data');
  const user = 'portal';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(path.join(dir, 'pwfile'), password);
  const owner = serverUser();
  if (owner.uid !== undefined) {
    fs.chownSync(dir, owner.uid, owner.gid!);
    fs.chownSync(path.join(dir, 'pwfile'), owner.uid, owner.gid!);
  }
  execFileSync(
    path.join(bin, 'initdb'),
    [
      '-D',
      data,
      '-U',
      user,
      `--pwfile=${path.join(dir, 'pwfile')}`,
      '--auth=scram-sha-256',
      '-E',
      'UTF8',
    ],
    { stdio: 'pipe', cwd: dir, ...owner },
  );
  const server: ChildProcess = spawn(
    path.join(bin, 'postgres'),
    ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, ...owner },
  );
  let log = '';
  server.stderr?.on('data', d => (log += d));
  server.stdout?.on('data', d => (log += d));

  const deadline = Date.now() + 30_000;
  while (!/ready to accept connections/.test(log)) {
    if (server.exitCode !== null || Date.now() > deadline) {
      throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}:\n${log}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async stop() {
      const exited = new Promise(r => server.once('exit', r));
      server.kill('SIGINT'); // fast shutdown
      await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
