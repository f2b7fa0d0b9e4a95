import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RunningBackend } from './testing/backend';
import {
  latencyFigures,
  startViewers,
  type LoadSample,
} from './testing/loadViewers';
import {
  enginePids,
  localPlatform,
  LP,
  rssMiB,
  sleep,
  startReplica,
  startSharedStack,
  type SharedStack,
} from './testing/replicaStack';

const run = promisify(execFile);

/**
 * Soak with faults: page viewers through two replicas (one PostgreSQL, one Redis) for SOAK_SECONDS
 * (default 300) after a warm-up, while the Spark engine is killed (SIGKILL) and restarted and the
 * S3 server is frozen (SIGSTOP) for 30 s. The portal must answer every request without a 5xx, show
 * Spark's error with its last good data while it is down, serve fresh data within one interval of
 * its restart, and keep each replica's memory within 10 % of its size after the warm-up.
 *
 * It stops and freezes engines of the shared local platform: `./portal test` runs the integration
 * tests one at a time, and everything is running again when this test ends, even when it fails.
 */
const SOAK_MS = Number(process.env.SOAK_SECONDS ?? 300) * 1_000;
const VIEWERS = Number(process.env.SOAK_VIEWERS ?? 500);
const WARMUP_MS = Math.min(30_000, SOAK_MS / 5);
/** Each viewer's next API call: a browser tab's refresh of the Data platform and fraud pages. */
const VIEWER_PERIOD_MS = 4_000;
const INTERVAL_MS = 5_000;
const TIMEOUT_MS = 2_000;
/** Each replica re-reads a snapshot from Redis at most once a second (SnapshotStore's local read cache). */
const LOCAL_READ_MS = 1_000;
/**
 * A due poll starts when the scheduler's shared TaskStatePoller next looks at the tasks table, which it
 * does every min(cadence, 5 s): up to one more interval after the poll fell due.
 */
const WORK_CHECK_MS = Math.min(INTERVAL_MS, 5_000);
const SLACK_MS = 2_000;
const S3_FREEZE_MS = 30_000;
const PATHS = [
  '/api/lakehouse/engines?firstJobs=10',
  '/api/lakehouse/jobs?limit=25&sort=startTime&order=desc',
  '/api/lakehouse/engines/spark/local',
  '/api/fraud/summary',
];

jest.setTimeout(SOAK_MS + WARMUP_MS + 900_000);

type Snapshot = {
  fetchedAt?: string;
  error?: { message?: string };
  data?: { cluster?: unknown };
};

let env: Record<string, string>;
let stack: SharedStack;
const replicas: RunningBackend[] = [];
let frozenS3: number | undefined;
let sparkKilled = false;

beforeAll(async () => {
  env = await localPlatform(['s3', 'nessie', 'spark', 'flink', 'ray']);
  stack = await startSharedStack();
  const engine = (url: string) => [
    {
      name: 'local',
      url,
      timeout: { milliseconds: TIMEOUT_MS },
      refreshInterval: { milliseconds: INTERVAL_MS },
    },
  ];
  const lakehouse = {
    engines: {
      spark: engine(env.SPARK_MASTER_URL).map(e => ({
        ...e,
        restUrl: env.SPARK_REST_URL,
        masterUrl: env.SPARK_MASTER,
      })),
      flink: engine(env.FLINK_REST_URL),
      ray: engine(env.RAY_DASHBOARD_URL),
    },
  };
  // One after the other: both would otherwise race to create the plugins' databases.
  replicas.push(await startReplica(stack, lakehouse, env));
  replicas.push(await startReplica(stack, lakehouse, env));
});

afterAll(async () => {
  // The platform is shared: whatever happened, S3 runs again and Spark is up.
  if (frozenS3) process.kill(frozenS3, 'SIGCONT');
  if (sparkKilled) await run(LP, ['up', 'spark'], { timeout: 600_000 });
  for (const r of replicas) await r.stop();
  await stack?.stop();
});

async function snapshot(replica: RunningBackend): Promise<Snapshot> {
  const res = await fetch(
    `${replica.baseUrl}/api/lakehouse/engines/spark/local`,
    {
      headers: { Authorization: `Bearer ${stack.token}` },
    },
  );
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as Snapshot;
}

/** Waits until every replica's Spark snapshot passes `ok`; returns when that was first seen. */
async function untilAll(
  what: string,
  ok: (s: Snapshot) => boolean,
  timeoutMs: number,
): Promise<Snapshot[]> {
  const deadline = Date.now() + timeoutMs;
  let last: Snapshot[] = [];
  while (Date.now() < deadline) {
    last = await Promise.all(replicas.map(snapshot));
    if (last.every(ok)) return last;
    await sleep(200);
  }
  throw new Error(
    `not within ${timeoutMs} ms: ${what}; last: ${JSON.stringify(last)}`,
  );
}

/** Kills Spark's processes with SIGKILL, waits for its error to show, then restarts it. */
async function killAndRestartSpark(): Promise<{
  recoveryMs: number;
  downMs: number;
  /** From the kill until both replicas showed fresh data again. */
  window: Window;
}> {
  const goodBefore = (
    await untilAll('Spark healthy', s => !s.error && !!s.data, INTERVAL_MS * 3)
  )[0];
  sparkKilled = true;
  const killedAt = Date.now();
  for (const pid of await enginePids('spark')) process.kill(pid, 'SIGKILL');
  // A poll's time is taken when its answer has been read: one Spark sent just before dying can be
  // stamped a moment after the kill. Polls are INTERVAL_MS apart, so a later one is a failed one.
  const lastAnswerBy = Date.now() + SLACK_MS;

  // While down: the error, and still the last good data with its time.
  const down = await untilAll(
    'Spark error with its last good data',
    s =>
      !!s.error &&
      !!s.data &&
      !!s.fetchedAt &&
      Date.parse(s.fetchedAt) < lastAnswerBy,
    INTERVAL_MS + WORK_CHECK_MS + TIMEOUT_MS + LOCAL_READ_MS + SLACK_MS,
  );
  // Both replicas serve the same last good poll, no older than the one seen before the kill.
  expect(down[0].data!.cluster).toBeDefined();
  expect(down[1].fetchedAt).toBe(down[0].fetchedAt);
  expect(down[1].data).toEqual(down[0].data);
  expect(Date.parse(down[0].fetchedAt!)).toBeGreaterThanOrEqual(
    Date.parse(goodBefore.fetchedAt!),
  );
  process.stdout.write(
    `Spark killed; both replicas show: ${down[0].error?.message}\n`,
  );
  await run(LP, ['down', 'spark'], { timeout: 120_000 }); // whatever the kill left (drivers)
  await sleep(Math.max(0, killedAt + INTERVAL_MS * 2 - Date.now()));

  // Recovery counts from Spark's first answer, not from `lp up` returning (it checks health once a second).
  const answering = firstAnswer(`${env.SPARK_MASTER_URL}/json/`);
  await run(LP, ['up', 'spark'], { timeout: 600_000 });
  sparkKilled = false;
  const upAt = await answering;
  // Recovered: no error, and a poll made after the kill.
  await untilAll(
    'Spark recovered',
    s => !s.error && !!s.fetchedAt && Date.parse(s.fetchedAt) > killedAt,
    INTERVAL_MS +
      WORK_CHECK_MS +
      TIMEOUT_MS +
      LOCAL_READ_MS +
      SLACK_MS +
      10_000,
  );
  return {
    recoveryMs: Date.now() - upAt,
    downMs: upAt - killedAt,
    window: { from: killedAt, to: Date.now() },
  };
}

/** When `url` first answers 200, probed every 100 ms for up to 10 minutes (as long as `lp up` may take). */
async function firstAnswer(url: string): Promise<number> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) return Date.now();
    } catch {
      // still down
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer within 10 minutes`);
}

async function freezeS3(): Promise<Window> {
  const [pid] = await enginePids('s3');
  frozenS3 = pid;
  process.kill(pid, 'SIGSTOP');
  const from = Date.now();
  try {
    await sleep(S3_FREEZE_MS);
  } finally {
    process.kill(pid, 'SIGCONT');
    frozenS3 = undefined;
  }
  return { from, to: Date.now() };
}

type Window = { from: number; to: number };

/**
 * Latency of the requests sent in each phase, and per path while S3 is frozen: where a slow answer
 * came from (a fault, or the load itself) is what a figure over the whole run hides.
 */
function latencyBreakdown(
  samples: LoadSample[],
  phases: { warmup: Window; sparkDown: Window; s3Frozen: Window },
) {
  const within = (w: Window) => (s: LoadSample) =>
    s.at >= w.from && s.at < w.to;
  const inFault = (s: LoadSample) =>
    within(phases.sparkDown)(s) || within(phases.s3Frozen)(s);
  const frozen = samples.filter(within(phases.s3Frozen));
  return {
    byPhase: {
      warmup: latencyFigures(samples.filter(within(phases.warmup))),
      steady: latencyFigures(
        samples.filter(s => s.at >= phases.warmup.to && !inFault(s)),
      ),
      sparkDown: latencyFigures(samples.filter(within(phases.sparkDown))),
      s3Frozen: latencyFigures(frozen),
    },
    s3FrozenByPath: Object.fromEntries(
      PATHS.map(p => [p, latencyFigures(frozen.filter(s => s.path === p))]),
    ),
  };
}

it(`serves ${VIEWERS} viewers through two replicas while Spark dies and S3 freezes`, async () => {
  const pids = replicas.map(r => r.serverPid());
  const rss: { at: number; mib: number[] }[] = [];
  let lostReplica: string | undefined;
  const sampler = setInterval(() => {
    try {
      rss.push({ at: Date.now(), mib: pids.map(rssMiB) });
    } catch (e) {
      lostReplica ??= String(e); // a replica died: the figures below say what it did to the viewers
    }
  }, 5_000);
  const load = startViewers({
    baseUrls: replicas.map(r => r.baseUrl),
    token: stack.token,
    viewers: VIEWERS,
    periodMs: VIEWER_PERIOD_MS,
    paths: PATHS,
  });
  const t0 = Date.now();
  let samples: LoadSample[] = [];
  let spark: Awaited<ReturnType<typeof killAndRestartSpark>>;
  let s3Frozen: Window;
  try {
    await sleep(WARMUP_MS);
    const warmedAt = Date.now();
    await sleep(SOAK_MS * 0.15);
    spark = await killAndRestartSpark();
    await sleep(Math.max(0, warmedAt + SOAK_MS * 0.55 - Date.now()));
    s3Frozen = await freezeS3();
    await sleep(Math.max(0, t0 + WARMUP_MS + SOAK_MS - Date.now()));
  } finally {
    clearInterval(sampler);
    samples = await load.stop();
  }
  const elapsedS = (Date.now() - t0) / 1000;

  // Memory: the mean of the first 30 s after the warm-up against the mean of the last 30 s,
  // so one GC cycle's sawtooth is not mistaken for growth.
  const mean = (xs: { mib: number[] }[], i: number) =>
    xs.reduce((sum, x) => sum + x.mib[i], 0) / xs.length;
  const after = rss.filter(
    x => x.at >= t0 + WARMUP_MS && x.at < t0 + WARMUP_MS + 30_000,
  );
  const end = rss.filter(x => x.at >= Date.now() - 30_000);
  const memory = pids.map((_, i) => ({
    afterWarmupMiB: Math.round(mean(after, i)),
    endMiB: Math.round(mean(end, i)),
    maxMiB: Math.round(Math.max(...rss.map(x => x.mib[i]))),
  }));

  const byStatus: Record<string, number> = {};
  for (const s of samples) {
    const key = s.status ? String(s.status) : 'failed';
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
  const figures = {
    viewers: VIEWERS,
    seconds: Math.round(elapsedS),
    requests: samples.length,
    requestsPerSecond: Math.round(samples.length / elapsedS),
    byStatus,
    latencyMs: latencyFigures(samples),
    ...latencyBreakdown(samples, {
      warmup: { from: t0, to: t0 + WARMUP_MS },
      sparkDown: spark!.window,
      s3Frozen: s3Frozen!,
    }),
    sparkDownMs: spark!.downMs,
    sparkRecoveryMs: spark!.recoveryMs,
    memory,
  };
  process.stdout.write(`soak figures: ${JSON.stringify(figures, null, 2)}\n`);

  expect(lostReplica).toBeUndefined();
  const failures = samples.filter(s => !s.status || s.status >= 500);
  expect(failures.slice(0, 5)).toEqual([]);
  expect(samples.filter(s => s.status !== 200).slice(0, 5)).toEqual([]);
  expect(samples.length).toBeGreaterThan(
    ((SOAK_MS + WARMUP_MS) / VIEWER_PERIOD_MS) * VIEWERS * 0.9,
  );
  // Fresh data within one interval of the restart, plus the scheduler's check for due work, the poll
  // itself and the replicas' read cache.
  expect(spark!.recoveryMs).toBeLessThanOrEqual(
    INTERVAL_MS + WORK_CHECK_MS + TIMEOUT_MS + LOCAL_READ_MS + SLACK_MS,
  );
  for (const m of memory) {
    expect(m.endMiB).toBeLessThan(m.afterWarmupMiB * 1.1);
  }
});
