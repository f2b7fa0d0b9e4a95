import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  freePort,
  repoRoot,
  startBackend,
  type RunningBackend,
} from './backend';
import { startTestPostgres, type TestPostgres } from './postgres';
import { startTestRedis, type TestRedis } from './redis';

const run = promisify(execFile);
export const LP = path.join(repoRoot, 'local-platform/lp');

/** Starts the local engines if they are not up (idempotent) and returns `lp env`'s endpoints. */
export async function localPlatform(
  engines: string[],
): Promise<Record<string, string>> {
  await run(LP, ['up', ...engines], { timeout: 900_000 });
  const { stdout } = await run(LP, ['env'], { timeout: 60_000 });
  return Object.fromEntries(
    [...stdout.matchAll(/^export (\w+)='(.*)'$/gm)].map(m => [m[1], m[2]]),
  );
}

/** The pids `lp status --json` names for one engine (its main processes). */
export async function enginePids(engine: string): Promise<number[]> {
  const { stdout } = await run(LP, ['status', '--json', engine], {
    timeout: 60_000,
  });
  const status = JSON.parse(stdout)[engine] as { pid?: Record<string, number> };
  return Object.values(status?.pid ?? {});
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(kib)) throw new Error(`no VmRSS for pid ${pid}`);
  return kib / 1024;
}

/** The shared parts of a replicated deployment: one PostgreSQL, one Redis, one static API token. */
export interface SharedStack {
  pg: TestPostgres;
  redis: TestRedis;
  token: string;
  stop(): Promise<void>;
}

export async function startSharedStack(): Promise<SharedStack> {
  const pg = await startTestPostgres(await freePort());
  let redis: TestRedis;
  try {
    redis = await startTestRedis(await freePort());
  } catch (e) {
    await pg.stop();
    throw e;
  }
  return {
    pg,
    redis,
    token: `replica-${Math.random().toString(36).slice(2)}${Math.random()
      .toString(36)
      .slice(2)}`,
    async stop() {
      await redis.stop();
      await pg.stop();
    },
  };
}

/**
 * One backend replica: app-config.yaml plus what production changes for replicas (the PostgreSQL
 * database, whose task table the scheduler's global tasks lock on, and the shared Redis cache, where
 * the engine snapshots live), a static token to call it, and the given lakehouse engines.
 */
export async function startReplica(
  stack: SharedStack,
  lakehouse: object,
  env: Record<string, string>,
): Promise<RunningBackend> {
  const port = await freePort();
  return startBackend({
    configs: [path.join(repoRoot, 'app-config.yaml')],
    port,
    env,
    timeoutMs: 300_000,
    extraConfig: {
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
        database: {
          client: 'pg',
          connection: {
            host: stack.pg.host,
            port: stack.pg.port,
            user: stack.pg.user,
            password: stack.pg.password,
          },
        },
        cache: { store: 'redis', connection: stack.redis.url },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: stack.token, subject: 'replica-test' },
            },
          ],
        },
      },
      lakehouse,
    },
  });
}

/** One request the counting proxy forwarded. */
export interface ProxiedRequest {
  /** Which of the proxy's ports it came in on: one port per replica. */
  via: string;
  path: string;
  at: number;
  /** When the upstream answer was fully sent back (undefined while held or in flight). */
  doneAt?: number;
}

/**
 * A counting HTTP proxy in front of one engine, with one listening port per replica: each replica's
 * config points the engine's url at its own port, so every poll says which replica made it.
 */
export interface CountingProxy {
  urls: Record<string, string>;
  requests: ProxiedRequest[];
  /** Requests coming in on these ports are held (never answered): a poll that hangs. */
  hold: Set<string>;
  close(): Promise<void>;
}

export async function startCountingProxy(
  target: string,
  names: string[],
): Promise<CountingProxy> {
  const upstream = new URL(target);
  const servers: http.Server[] = [];
  const sockets = new Set<net.Socket>();
  const proxy: CountingProxy = {
    urls: {},
    requests: [],
    hold: new Set(),
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map(s => new Promise(r => s.close(r))));
    },
  };
  for (const via of names) {
    const server = http.createServer((req, res) => {
      const entry: ProxiedRequest = {
        via,
        path: req.url ?? '',
        at: Date.now(),
      };
      proxy.requests.push(entry);
      if (proxy.hold.has(via)) return; // the client gives up or dies; nothing is answered
      const out = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: upstream.host },
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          res.on('finish', () => (entry.doneAt = Date.now()));
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    });
    server.on('connection', s => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    proxy.urls[via] = `http://127.0.0.1:${
      (server.address() as net.AddressInfo).port
    }`;
  }
  return proxy;
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
