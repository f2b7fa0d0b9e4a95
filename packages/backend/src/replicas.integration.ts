import type { RunningBackend } from './testing/backend';
import {
  localPlatform,
  sleep,
  startCountingProxy,
  startReplica,
  startSharedStack,
  type CountingProxy,
  type ProxiedRequest,
  type SharedStack,
} from './testing/replicaStack';

jest.setTimeout(900_000);

/**
 * Two backend replicas on one PostgreSQL and one Redis, polling the real Spark master through a
 * counting proxy. Each replica's Spark url is its own port of the proxy, so each poll names the
 * replica that made it; the task (id, cadence, timeout) is the same on both.
 *
 * What Backstage's scheduler (backend-defaults 0.19, PostgreSQL) guarantees for a global task:
 * - a run starts only after claiming the task's row (`current_run_ticket IS NULL`), so replicas
 *   never poll twice for one due time; the next due time is `greatest(due + interval, now())`;
 * - each replica checks for due tasks every min(interval, 5 s), so a due run starts within one
 *   interval of its due time on whichever replica looks first;
 * - a runner that dies while idle holds nothing: the survivor takes the next due run;
 * - a runner that dies mid-run holds the claim until it expires (the task's timeout, here
 *   2 x request timeout + 5 s = 7 s) and a janitor, running once a minute on each replica, frees it:
 *   the survivor then polls at most timeout + 60 s + one interval after the death.
 */
const INTERVAL_MS = 4_000;
const TIMEOUT_S = 1;
const TASK_TIMEOUT_MS = TIMEOUT_S * 2_000 + 5_000;
const JANITOR_PERIOD_MS = 60_000;
/** Scheduling and DB round trips on a loaded 2-core machine. */
const SLACK_MS = 2_000;

type Snapshot = {
  fetchedAt?: string;
  error?: unknown;
  data?: { cluster?: unknown };
};

let env: Record<string, string>;
let stack: SharedStack;
let proxy: CountingProxy;
const replicas: Record<string, RunningBackend> = {};

const sparkConfig = (via: string) => ({
  engines: {
    spark: [
      {
        name: 'local',
        url: proxy.urls[via],
        restUrl: env.SPARK_REST_URL,
        masterUrl: env.SPARK_MASTER,
        timeout: { seconds: TIMEOUT_S },
        refreshInterval: { milliseconds: INTERVAL_MS },
      },
    ],
    flink: [{ name: 'local', url: env.FLINK_REST_URL }],
    ray: [{ name: 'local', url: env.RAY_DASHBOARD_URL }],
  },
});

async function snapshot(via: string): Promise<Snapshot> {
  const res = await fetch(
    `${replicas[via].baseUrl}/api/lakehouse/engines/spark/local`,
    { headers: { Authorization: `Bearer ${stack.token}` } },
  );
  expect(res.status).toBe(200);
  return (await res.json()) as Snapshot;
}

/** Spark polls (the poll's one request is GET /json/), optionally only those after `since`. */
const polls = (since = 0): ProxiedRequest[] =>
  proxy.requests.filter(r => r.path.startsWith('/json') && r.at > since);

/** What each live replica's task scheduler said (claims, janitor, timeouts): why a poll is missing. */
const schedulerLog = (): string =>
  Object.entries(replicas)
    .flatMap(([name, r]) =>
      r
        .logs()
        .split('\n')
        .filter(
          l => /task|janitor|scheduler/i.test(l) && !/"GET |"POST /.test(l),
        )
        .slice(-15)
        .map(l => `${name}: ${l.slice(0, 300)}`),
    )
    .join('\n');

async function nextPoll(
  since: number,
  timeoutMs: number,
  done = true,
): Promise<ProxiedRequest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = polls(since).find(r => !done || r.doneAt);
    if (p) return p;
    if (Date.now() > deadline) {
      throw new Error(
        `no Spark poll within ${timeoutMs} ms after ${new Date(
          since,
        ).toISOString()}; polls: ${JSON.stringify(
          polls().slice(-5),
        )}; the replicas' scheduler lines:\n${schedulerLog()}`,
      );
    }
    await sleep(100);
  }
}

beforeAll(async () => {
  env = await localPlatform(['spark', 'flink', 'ray']);
  stack = await startSharedStack();
  proxy = await startCountingProxy(env.SPARK_MASTER_URL, ['a', 'b', 'c']);
  // One after the other: both would otherwise race to create the plugins' databases.
  replicas.a = await startReplica(stack, sparkConfig('a'), env);
  replicas.b = await startReplica(stack, sparkConfig('b'), env);
});

afterAll(async () => {
  for (const r of Object.values(replicas)) await r.stop();
  await proxy?.close();
  await stack?.stop();
});

it('serves the same snapshot from both replicas, whichever polled', async () => {
  const pollers = new Set<string>();
  let since = Date.now();
  for (let i = 0; i < 3; i++) {
    const poll = await nextPoll(since, INTERVAL_MS * 3 + 60_000);
    since = poll.at;
    pollers.add(poll.via);
    // Past the cache write and each replica's 1 s local read cache, before the next poll is due.
    await sleep(1_500);
    const [a, b] = await Promise.all([snapshot('a'), snapshot('b')]);
    expect(a.error).toBeUndefined();
    expect(a.fetchedAt).toBeDefined();
    expect(b.fetchedAt).toBe(a.fetchedAt);
    expect(b.data).toEqual(a.data);
    // The data is this poll's, whichever replica made it: the other one serves it from Redis.
    expect(Date.parse(a.fetchedAt!)).toBeGreaterThanOrEqual(poll.at - 1_000);
  }
  process.stdout.write(`snapshot agreement: polls made by ${[...pollers]}\n`);
});

it('polls once per interval across both replicas', async () => {
  const windowMs = INTERVAL_MS * 8;
  const from = Date.now();
  await sleep(windowMs);
  const seen = polls(from).filter(r => r.at <= from + windowMs);
  const byReplica = { a: 0, b: 0 };
  for (const p of seen) byReplica[p.via as 'a' | 'b']++;
  process.stdout.write(
    `polls in ${windowMs / 1000} s at a ${INTERVAL_MS / 1000} s interval: ${
      seen.length
    } (${JSON.stringify(byReplica)})\n`,
  );
  // Two replicas each polling on their own would make about twice windowMs / INTERVAL_MS.
  expect(seen.length).toBeLessThanOrEqual(windowMs / INTERVAL_MS + 1);
  expect(seen.length).toBeGreaterThanOrEqual(windowMs / INTERVAL_MS - 2);
});

it('keeps polling on the other replica when the one that polled is killed', async () => {
  // Right after a finished poll the poller holds no claim: the death of an idle runner.
  const last = await nextPoll(Date.now(), INTERVAL_MS * 3);
  await sleep(300); // the claim is released right after the poll's cache write
  const killed = last.via;
  const survivor = killed === 'a' ? 'b' : 'a';
  const killedAt = Date.now();
  process.kill(replicas[killed].serverPid(), 'SIGKILL');

  const first = await nextPoll(killedAt, INTERVAL_MS * 2 + SLACK_MS + 10_000);
  const gap = first.at - last.at;
  process.stdout.write(
    `replica ${killed} killed ${
      killedAt - last.at
    } ms after its poll; replica ${survivor} polled ${gap} ms after that poll\n`,
  );
  expect(first.via).toBe(survivor);
  // The next run was due one interval after the last; the survivor sees it within one more.
  expect(gap).toBeLessThanOrEqual(INTERVAL_MS * 2 + SLACK_MS);

  // And goes on at the interval, serving its own fresh data.
  const later = await nextPoll(first.at, INTERVAL_MS * 2 + SLACK_MS);
  expect(later.via).toBe(survivor);
  await sleep(1_500);
  const s = await snapshot(survivor);
  expect(s.error).toBeUndefined();
  expect(Date.parse(s.fetchedAt!)).toBeGreaterThanOrEqual(later.at - 1_000);
  await replicas[killed].stop();
  delete replicas[killed];
});

it('recovers a claim held by a replica killed mid-poll within the task timeout and a janitor run', async () => {
  const survivorBefore = Object.keys(replicas)[0];
  replicas.c = await startReplica(stack, sparkConfig('c'), env);
  // Whichever replica claims the next poll hangs in it, and is killed there.
  proxy.hold = new Set([survivorBefore, 'c']);
  const held = await nextPoll(Date.now(), INTERVAL_MS * 3, false);
  const killed = held.via;
  const survivor = killed === 'c' ? survivorBefore : 'c';
  proxy.hold = new Set([killed]);
  const killedAt = Date.now();
  process.kill(replicas[killed].serverPid(), 'SIGKILL');

  const bound = TASK_TIMEOUT_MS + JANITOR_PERIOD_MS + INTERVAL_MS + SLACK_MS;
  const first = await nextPoll(killedAt, bound + 10_000);
  process.stdout.write(
    `replica ${killed} killed mid-poll; replica ${survivor} polled ${
      first.at - held.at
    } ms after the held poll started (bound ${bound} ms)\n`,
  );
  expect(first.via).toBe(survivor);
  expect(first.at - held.at).toBeLessThanOrEqual(bound);
});
