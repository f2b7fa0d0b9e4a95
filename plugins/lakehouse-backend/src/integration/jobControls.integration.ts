import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { expectLakehouseContract } from '@internal/plugin-lakehouse-common/testUtils';
import {
  LocalPlatform,
  REPO_ROOT,
  waitFor,
} from '@internal/lakehouse-test-utils';
import { execFileSync } from 'node:child_process';
import JSZip from 'jszip';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { lakehousePlugin } from '../plugin';
import { manualScheduler } from '../__testUtils__/manualScheduler';
import { pollTaskId } from '../snapshots/SnapshotStore';
import { lakehouseTestConfig } from '../testUtils/lakehouseTestConfig';

/**
 * The job controls on the real engines: a PyFlink streaming job with keyed state stopped with a
 * savepoint and resumed from it (its counts go on where they stopped), then resumed again from its
 * latest retained checkpoint; a Spark driver killed; a Ray job rerun from its kept project. A user
 * outside the job's owners is refused each control, audited, and nothing reaches the engine.
 */
jest.setTimeout(600_000);

const APPS = join(__dirname, 'apps');
const platform = new LocalPlatform();
const OUTSIDER = 'user:default/outsider';
const auditor = mockServices.auditor.mock();
/** The Ray poll runs when the history test says so: one tick of the refresh interval. */
const scheduler = manualScheduler();
const auditEvents: { eventId: string; status: string }[] = [];
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let env: Record<string, string>;
const out = mkdtempSync(join(tmpdir(), 'lakehouse-controls-it-'));
const run = Math.random().toString(36).slice(2, 8);
const asOutsider = {
  Authorization: mockCredentials.user.header(OUTSIDER),
};

async function zip(files: Record<string, string>): Promise<string> {
  const z = new JSZip();
  for (const [path, app] of Object.entries(files)) {
    z.file(path, app === '' ? '' : readFileSync(join(APPS, app)));
  }
  return (await z.generateAsync({ type: 'nodebuffer' })).toString('base64');
}

const api = () => request(backend.server);
const flinkJobs: string[] = [];
const jobPath = (engine: string, jobId: string) =>
  `/api/lakehouse/jobs/${engine}/local/${encodeURIComponent(jobId)}`;

async function flinkJob(jobId: string) {
  const res = await fetch(`${env.FLINK_REST_URL}/jobs/${jobId}`);
  return (await res.json()) as { state: string };
}

async function untilFlinkState(jobId: string, state: string) {
  return waitFor(
    `Flink job ${jobId} to be ${state}`,
    async () => ((await flinkJob(jobId)).state === state ? true : undefined),
    180_000,
  );
}

/** Every count the job's Python workers wrote, per file (one file per worker process). */
function countFiles(dir: string): Map<string, { key: number; n: number }[]> {
  const files = new Map<string, { key: number; n: number }[]>();
  for (const f of readdirSync(dir).filter(n => n.startsWith('counts-'))) {
    files.set(
      f,
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(l => {
          const [key, n] = l.split(' ').map(Number);
          return { key, n };
        }),
    );
  }
  return files;
}

const lastCounts = (rows: { key: number; n: number }[]) => {
  const last = new Map<number, number>();
  for (const r of rows) last.set(r.key, r.n);
  return last;
};
const firstCounts = (rows: { key: number; n: number }[]) => {
  const first = new Map<number, number>();
  for (const r of rows) if (!first.has(r.key)) first.set(r.key, r.n);
  return first;
};

/** The counts of a new job: in files that were not there before, once both keys have one. */
function countsAfter(
  dir: string,
  before: Map<string, unknown>,
  what: string,
): Promise<{ key: number; n: number }[]> {
  return waitFor(
    `counts of ${what}`,
    async () => {
      const rows = [...countFiles(dir)]
        .filter(([f]) => !before.has(f))
        .flatMap(([, r]) => r);
      return firstCounts(rows).size === 2 ? rows : undefined;
    },
    120_000,
  );
}

beforeAll(async () => {
  await platform.start(['s3', 'spark', 'flink', 'ray']);
  env = platform.env;
  auditor.createEvent.mockImplementation(async ({ eventId }) => ({
    success: async () => void auditEvents.push({ eventId, status: 'ok' }),
    fail: async () => void auditEvents.push({ eventId, status: 'failed' }),
  }));
  const permissions = mockServices.permissions.mock();
  // The outsider owns none of these jobs; the job-ownership rule itself is the policy module's tests'.
  permissions.authorize.mockImplementation(async (requests, { credentials }) =>
    requests.map(() => ({
      result:
        (credentials.principal as { userEntityRef?: string }).userEntityRef ===
        OUTSIDER
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })),
  );
  backend = await startTestBackend({
    features: [
      lakehousePlugin,
      auditor.factory,
      permissions.factory,
      scheduler.factory,
      mockServices.rootConfig.factory({
        data: lakehouseTestConfig(env, `it-controls-${run}`),
      }),
    ],
  });
}, 900_000);

afterAll(async () => {
  // A failed test leaves its streaming jobs running, holding the cluster's two slots.
  for (const jobId of flinkJobs) {
    await fetch(`${env.FLINK_REST_URL}/jobs/${jobId}?mode=cancel`, {
      method: 'PATCH',
    }).catch(() => undefined);
  }
  await backend?.stop();
  await platform.stop();
}, 300_000);

describe('job controls on the local engines', () => {
  it('stops a streaming Flink job with a savepoint and resumes it from there and from its latest checkpoint, with its keyed state', async () => {
    const counts = join(out, 'counts');
    const submitted = await api()
      .post('/api/lakehouse/jobs/flink/local')
      .send({
        name: `it-counts-${run}`,
        entrypoint: 'app/flink_counts.py',
        args: [
          '--out',
          counts,
          '--checkpoints',
          `s3://${env.S3_BUCKET}/it-controls-${run}/checkpoints`,
        ],
        project: {
          zipBase64: await zip({
            'app/__init__.py': '',
            'app/flink_counts.py': 'flink_counts.py',
          }),
        },
      })
      .expect(expectLakehouseContract);
    expect(submitted.status).toBe(201);
    const first = submitted.body.jobId as string;
    flinkJobs.push(first);
    await untilFlinkState(first, 'RUNNING');
    await waitFor(
      'the first counts',
      async () =>
        [...countFiles(counts).values()].flat().length >= 40 ? true : undefined,
      120_000,
    );

    // Someone else's job: refused and audited, and the job runs on.
    for (const path of ['stop', 'savepoints', 'rerun']) {
      const refused = await api()
        .post(`${jobPath('flink', first)}/${path}`)
        .set(asOutsider)
        .send({});
      expect(refused.status).toBe(403);
    }
    expect(auditEvents.filter(e => e.status === 'failed')).toHaveLength(3);
    expect((await flinkJob(first)).state).toBe('RUNNING');

    const savepoint = await api()
      .post(`${jobPath('flink', first)}/savepoints`)
      .send({})
      .expect(expectLakehouseContract);
    expect(savepoint.status).toBe(201);
    expect(savepoint.body).toMatchObject({
      stopped: false,
      location: expect.stringMatching(
        new RegExp(
          `^s3://${
            env.S3_BUCKET
          }/it-controls-${run}/savepoints/savepoint-${first.slice(0, 6)}-`,
        ),
      ),
    });
    expect((await flinkJob(first)).state).toBe('RUNNING');

    const stopped = await api()
      .post(`${jobPath('flink', first)}/stop`)
      .send({ drain: false })
      .expect(expectLakehouseContract);
    expect(stopped.status).toBe(200);
    expect(stopped.body.stopped).toBe(true);
    await untilFlinkState(first, 'FINISHED');
    const beforeStop = countFiles(counts);
    const lastBefore = lastCounts([...beforeStop.values()].flat());
    expect(lastBefore.size).toBe(2);

    const points = await api()
      .get(`${jobPath('flink', first)}/restore-points`)
      .expect(expectLakehouseContract);
    expect(points.body.points[0]).toMatchObject({
      kind: 'savepoint',
      path: stopped.body.location,
      latest: true,
    });

    // Only the job's own state: not a path a caller makes up.
    const foreign = await api()
      .post(`${jobPath('flink', first)}/rerun`)
      .send({ restoreFrom: `s3://${env.S3_BUCKET}/elsewhere/savepoint-x` });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toMatch(
      /is not a savepoint or retained checkpoint of flink job/,
    );

    const resumed = await api()
      .post(`${jobPath('flink', first)}/rerun`)
      .send({ restoreFrom: stopped.body.location })
      .expect(expectLakehouseContract);
    expect(resumed.status).toBe(201);
    expect(resumed.body).toMatchObject({
      rerunOf: first,
      restoredFrom: stopped.body.location,
      name: `it-counts-${run}`,
    });
    const second = resumed.body.jobId as string;
    flinkJobs.push(second);
    await untilFlinkState(second, 'RUNNING');
    const newRows = await countsAfter(counts, beforeStop, 'the resumed job');
    // The savepoint was taken as the job stopped: nothing was counted after it, so each key goes on at +1.
    for (const [key, n] of firstCounts(newRows)) {
      expect(n).toBe(lastBefore.get(key)! + 1);
    }
    const checkpoints = await (
      await fetch(`${env.FLINK_REST_URL}/jobs/${second}/checkpoints`)
    ).json();
    expect(checkpoints.latest.restored).toMatchObject({
      is_savepoint: true,
      external_path: stopped.body.location,
    });

    // Cancelled (no savepoint): the checkpoints it retains are what it resumes from.
    const checkpoint = await waitFor(
      'a retained checkpoint of the resumed job',
      async () => {
        const res = await api().get(
          `${jobPath('flink', second)}/restore-points`,
        );
        return res.body.points?.find((p: any) => p.kind === 'checkpoint');
      },
      60_000,
    );
    await api()
      .post(`${jobPath('flink', second)}/cancel`)
      .expect(202);
    await untilFlinkState(second, 'CANCELED');
    const latest = (
      await api().get(`${jobPath('flink', second)}/restore-points`)
    ).body.points.find((p: any) => p.latest);
    expect(latest.kind).toBe('checkpoint');
    expect(latest.path).toMatch(new RegExp(`/${second}/chk-\\d+$`));
    expect(checkpoint.path).toMatch(/\/chk-\d+$/);
    const before = countFiles(counts);
    const fromCheckpoint = await api()
      .post(`${jobPath('flink', second)}/rerun`)
      .send({ restoreFrom: latest.path })
      .expect(expectLakehouseContract);
    expect(fromCheckpoint.status).toBe(201);
    const third = fromCheckpoint.body.jobId as string;
    flinkJobs.push(third);
    await untilFlinkState(third, 'RUNNING');
    const restored = await (
      await fetch(`${env.FLINK_REST_URL}/jobs/${third}/checkpoints`)
    ).json();
    // (Flink marks any restore through savepointPath as is_savepoint, a retained checkpoint's too.)
    expect(restored.latest.restored.external_path).toBe(latest.path);
    const thirdRows = await countsAfter(
      counts,
      before,
      'the job resumed from a checkpoint',
    );
    // From a checkpoint, some counts may be redone (those after it), never restarted from 1.
    for (const [key, n] of firstCounts(thirdRows)) {
      expect(n).toBeGreaterThan(lastBefore.get(key)!);
    }
    await api()
      .post(`${jobPath('flink', third)}/cancel`)
      .expect(202);
    expect(
      auditEvents.filter(e => e.status === 'ok').map(e => e.eventId),
    ).toEqual(
      expect.arrayContaining([
        'job-savepoint',
        'job-stop',
        'job-rerun',
        'job-cancel',
      ]),
    );
  });

  it("kills a Spark driver; the outsider's kill is refused first", async () => {
    const submitted = await api()
      .post('/api/lakehouse/jobs/spark/local')
      .send({
        name: `it-spark-sleeps-${run}`,
        entrypoint: 'spark_sleeps.py',
        resources: { executors: 1, executorMemory: '512m' },
        project: {
          zipBase64: await zip({ 'spark_sleeps.py': 'spark_sleeps.py' }),
        },
      });
    expect(submitted.status).toBe(201);
    const driver = submitted.body.jobId as string;
    const driverState = async () => {
      const master = await (
        await fetch(`${env.SPARK_MASTER_URL}/json/`)
      ).json();
      return [...master.activedrivers, ...master.completeddrivers].find(
        (d: { id: string }) => d.id === driver,
      )?.state as string | undefined;
    };
    await waitFor(
      'the driver to run',
      async () => ((await driverState()) === 'RUNNING' ? true : undefined),
      180_000,
    );
    const refused = await api()
      .post(`${jobPath('spark', driver)}/cancel`)
      .set(asOutsider);
    expect(refused.status).toBe(403);
    expect(await driverState()).toBe('RUNNING');
    // Savepoints are Flink's: a clear refusal, not an engine error.
    const noSavepoint = await api()
      .post(`${jobPath('spark', driver)}/stop`)
      .send({});
    expect(noSavepoint.status).toBe(400);
    expect(noSavepoint.body.error.message).toMatch(
      /spark jobs have no savepoints/,
    );

    await api()
      .post(`${jobPath('spark', driver)}/cancel`)
      .expect(202);
    await waitFor(
      'the driver to be killed',
      async () => ((await driverState()) === 'KILLED' ? true : undefined),
      60_000,
    );
  });

  it('reruns a finished Ray job from its kept project, with the same arguments', async () => {
    const result = join(out, 'ray.txt');
    const submitted = await api()
      .post('/api/lakehouse/jobs/ray/local')
      .send({
        name: `it-ray-rerun-${run}`,
        entrypoint: 'ray_main.py',
        args: [result],
        resources: { workers: 2 },
        project: {
          zipBase64: await zip({
            'ray_main.py': 'ray_main.py',
            'helpers/__init__.py': '',
            'helpers/numbers.py': 'numbers.py',
          }),
        },
      });
    expect(submitted.status).toBe(201);
    const finalState = (jobId: string) =>
      waitFor(
        `Ray job ${jobId} to end`,
        async () => {
          const res = await api().get(jobPath('ray', jobId));
          const state = res.body?.job?.state;
          return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state)
            ? state
            : undefined;
        },
        240_000,
        2_000,
      );
    expect(await finalState(submitted.body.jobId)).toBe('SUCCEEDED');
    expect(readFileSync(result, 'utf8')).toBe('2 4');

    const refused = await api()
      .post(`${jobPath('ray', submitted.body.jobId)}/rerun`)
      .set(asOutsider)
      .send({});
    expect(refused.status).toBe(403);
    // Resuming is Flink's.
    const restoring = await api()
      .post(`${jobPath('ray', submitted.body.jobId)}/rerun`)
      .send({ restoreFrom: 's3://warehouse/x' });
    expect(restoring.status).toBe(400);

    rmSync(result);
    const rerun = await api()
      .post(`${jobPath('ray', submitted.body.jobId)}/rerun`)
      .send({})
      .expect(expectLakehouseContract);
    expect(rerun.status).toBe(201);
    expect(rerun.body).toMatchObject({
      rerunOf: submitted.body.jobId,
      name: `it-ray-rerun-${run}`,
      dryRun: false,
    });
    expect(rerun.body.jobId).not.toBe(submitted.body.jobId);
    expect(await finalState(rerun.body.jobId)).toBe('SUCCEEDED');
    expect(readFileSync(result, 'utf8')).toBe('2 4');

    // A job the portal did not submit has no kept project.
    const unknown = await api()
      .post(`${jobPath('ray', 'raysubmit_not_ours')}/rerun`)
      .send({});
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /not submitted through the portal/,
    );
  });

  it('still lists a job after its engine was restarted, with its final state and log tail, and reruns it from there', async () => {
    const name = `it-ray-kept-${run}`;
    const submitted = await api()
      .post('/api/lakehouse/jobs/ray/local')
      .send({
        name,
        entrypoint: 'fails.py',
        project: {
          zipBase64: Buffer.from(
            await new JSZip()
              .file(
                'fails.py',
                'print("reading rows")\nraise ValueError("bad input row 42")\n',
              )
              .generateAsync({ type: 'nodebuffer' }),
          ).toString('base64'),
        },
      });
    expect(submitted.status).toBe(201);
    const id = submitted.body.jobId as string;
    const listed = async () => {
      await scheduler.runTask(pollTaskId('ray', 'local'));
      return (
        await api()
          .get(`/api/lakehouse/jobs?engine=ray&q=${name}`)
          .expect(expectLakehouseContract)
      ).body.items.find((j: any) => j.id === id);
    };
    // The backend's poll has seen it end (and then reads its log tail, once).
    await waitFor(
      'the portal to see the job fail',
      async () => ((await listed())?.state === 'FAILED' ? true : undefined),
      120_000,
    );
    await new Promise(r => setTimeout(r, 3_000));

    // A restarted Ray head forgets every job.
    const lp = join(REPO_ROOT, 'local-platform', 'lp');
    execFileSync(lp, ['down', 'ray'], { stdio: 'ignore', timeout: 120_000 });
    execFileSync(lp, ['up', 'ray'], { stdio: 'ignore', timeout: 300_000 });
    const ray = await (
      await fetch(`${env.RAY_DASHBOARD_URL}/api/jobs/`)
    ).json();
    expect(ray.map((j: any) => j.submission_id)).not.toContain(id);

    const kept = await waitFor(
      'the job to be listed from the kept history',
      async () => {
        const job = await listed();
        return job?.fromHistory ? job : undefined;
      },
      60_000,
    );
    expect(kept).toMatchObject({ name, state: 'FAILED' });
    const detail = await api()
      .get(jobPath('ray', id))
      .expect(expectLakehouseContract);
    expect(detail.status).toBe(200);
    expect(detail.body.detail).toMatchObject({
      source: 'history',
      submittedBy: 'user:default/mock',
      entrypoint: 'fails.py',
    });
    expect(detail.body.detail.logTail).toMatch(/ValueError: bad input row 42/);

    const rerun = await api()
      .post(`${jobPath('ray', id)}/rerun`)
      .send({})
      .expect(expectLakehouseContract);
    expect(rerun.status).toBe(201);
    await waitFor(
      'the rerun to fail the same way',
      async () => {
        const res = await api().get(jobPath('ray', rerun.body.jobId));
        return res.body?.job?.state === 'FAILED' ? true : undefined;
      },
      120_000,
    );
  });
});
