import { expectLakehouseContract } from '@internal/plugin-lakehouse-common/testUtils';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JobState, JobSummary } from '@internal/plugin-lakehouse-common';
import request from 'supertest';
import { lakehousePlugin } from '../plugin';
import { pollTaskId } from '../snapshots/SnapshotStore';
import { manualScheduler } from '../__testUtils__/manualScheduler';
import { LocalPlatform, waitFor } from '@internal/lakehouse-test-utils';
import {
  cancelFlink,
  deleteFlinkJar,
  runFlink,
  submitRay,
  submitSpark,
  uploadFlinkPythonJar,
} from './submitJobs';

/**
 * Real jobs on the real local engines (local-platform), observed only through
 * the plugin's status API. The mock scheduler does not tick on its own, so each
 * observation runs the poll task once, as the refresh interval would in production.
 */
jest.setTimeout(600_000);

const platform = new LocalPlatform();
const scheduler = manualScheduler();
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let env: Record<string, string>;
const run = Math.random().toString(36).slice(2, 8);
const ENDED: JobState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

beforeAll(async () => {
  await platform.start(['spark', 'flink', 'ray']);
  env = platform.env;
  backend = await startTestBackend({
    features: [
      lakehousePlugin,
      scheduler.factory,
      mockServices.rootConfig.factory({
        data: {
          lakehouse: {
            engines: {
              spark: [
                {
                  name: 'local',
                  url: env.SPARK_MASTER_URL,
                  restUrl: env.SPARK_REST_URL,
                },
              ],
              flink: [{ name: 'local', url: env.FLINK_REST_URL }],
              ray: [{ name: 'local', url: env.RAY_DASHBOARD_URL }],
            },
          },
        },
      }),
    ],
  });
}, 900_000);

afterAll(async () => {
  await backend?.stop();
  await platform.stop();
}, 300_000);

/** Polls until the job matching `match` reaches one of `until`; returns it and every state seen on the way. */
async function observe(
  engine: string,
  match: (j: JobSummary) => boolean,
  until: JobState[],
  timeoutMs: number,
) {
  const seen: JobState[] = [];
  const job = await waitFor(
    `${engine} job to reach ${until.join('/')} (seen: ${
      seen.join(' -> ') || 'nothing'
    })`,
    async () => {
      await scheduler.runTask(pollTaskId(engine as 'spark', 'local'));
      const res = await request(backend.server)
        .get(`/api/lakehouse/jobs?engine=${engine}&limit=500`)
        .expect(expectLakehouseContract);
      if (res.status !== 200)
        throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
      const found = (res.body.items as JobSummary[]).find(match);
      if (found && seen[seen.length - 1] !== found.state)
        seen.push(found.state);
      return found && until.includes(found.state) ? found : undefined;
    },
    timeoutMs,
  );
  return { job, seen };
}

const detail = async (engine: string, id: string) =>
  (
    await request(backend.server)
      .get(`/api/lakehouse/jobs/${engine}/local/${id}`)
      .expect(200)
      .expect(expectLakehouseContract)
  ).body;

describe('status API against the local engines', () => {
  it('reports the engines healthy', async () => {
    for (const engine of ['spark', 'flink', 'ray']) {
      await scheduler.runTask(pollTaskId(engine as 'spark', 'local'));
    }
    const res = await request(backend.server)
      .get('/api/lakehouse/engines?firstJobs=5')
      .expect(200)
      .expect(expectLakehouseContract);
    expect(
      res.body.items.map((i: any) => [
        i.engine,
        i.error,
        i.cluster.nodes.alive >= 1,
      ]),
    ).toEqual([
      ['spark', undefined, true],
      ['flink', undefined, true],
      ['ray', undefined, true],
    ]);
  });

  it('follows a Spark application RUNNING -> SUCCEEDED, and a failing driver to FAILED', async () => {
    const name = `lakehouse-it-ok-${run}`;
    const driverId = await submitSpark(env, 'ok', 10, name);
    const isApp = (j: JobSummary) =>
      j.kind === 'application' && j.name === name;
    await observe('spark', isApp, ['RUNNING'], 240_000);
    const app = await observe('spark', isApp, ENDED, 180_000);
    expect(app.job).toMatchObject({ state: 'SUCCEEDED', rawState: 'FINISHED' });
    const driver = await observe(
      'spark',
      j => j.id === driverId,
      ENDED,
      60_000,
    );
    expect(driver.job).toMatchObject({
      kind: 'driver',
      state: 'SUCCEEDED',
      rawState: 'FINISHED',
    });
    expect(
      (await detail('spark', driverId)).detail.submission.driverState,
    ).toBe('FINISHED');

    const failingId = await submitSpark(
      env,
      'fail',
      0,
      `lakehouse-it-fail-${run}`,
    );
    const failed = await observe(
      'spark',
      j => j.id === failingId,
      ENDED,
      240_000,
    );
    expect(failed.job).toMatchObject({ state: 'FAILED', rawState: 'FAILED' });
    expect(failed.seen[0]).not.toBe('FAILED');
  });

  it('follows Flink jobs: streaming RUNNING -> CANCELLED, batch SUCCEEDED, failing FAILED', async () => {
    const jarId = await uploadFlinkPythonJar(env);
    try {
      const streamId = await runFlink(
        env,
        jarId,
        'stream',
        `lakehouse-it-stream-${run}`,
      );
      const running = await observe(
        'flink',
        j => j.id === streamId,
        ['RUNNING'],
        180_000,
      );
      expect(running.job).toMatchObject({
        name: `lakehouse-it-stream-${run}`,
        rawState: 'RUNNING',
      });
      // Flink refreshes job metrics about every 10 s and samples backpressure when asked.
      const flow = await waitFor(
        'records through the streaming job',
        async () => {
          const { detail: d } = await detail('flink', streamId);
          return d.records?.in > 0 && d.records?.out > 0 ? d : undefined;
        },
        90_000,
        2_000,
      );
      expect(flow.vertices.length).toBeGreaterThanOrEqual(1);
      // Every part of the detail answered: none is shown as "no data" for a failure.
      expect(flow.sectionErrors).toEqual([]);
      for (const vertex of flow.vertices)
        expect(['ok', 'low', 'high']).toContain(vertex.backpressure);
      await cancelFlink(env, streamId);
      const cancelled = await observe(
        'flink',
        j => j.id === streamId,
        ENDED,
        120_000,
      );
      expect(cancelled.job).toMatchObject({
        state: 'CANCELLED',
        rawState: 'CANCELED',
      });

      const okId = await runFlink(env, jarId, 'ok', `lakehouse-it-ok-${run}`);
      expect(
        (await observe('flink', j => j.id === okId, ENDED, 180_000)).job.state,
      ).toBe('SUCCEEDED');
      // A batch job keeps no checkpoints: Flink's 404 for them is "none", not a failed part.
      const batch = (await detail('flink', okId)).detail;
      expect(batch.sectionErrors).toEqual([]);

      const failId = await runFlink(
        env,
        jarId,
        'fail',
        `lakehouse-it-fail-${run}`,
      );
      const failed = await observe(
        'flink',
        j => j.id === failId,
        ENDED,
        180_000,
      );
      expect(failed.job).toMatchObject({ state: 'FAILED', rawState: 'FAILED' });
      // Flink archives a failed job's exception history a moment after the job reads FAILED (a CI
      // run here once read it empty): the detail is read until the history is there.
      const exceptions = await waitFor(
        "the failed job's exception history",
        async () => {
          const found = (await detail('flink', failId)).detail.exceptions;
          return found?.length ? found : undefined;
        },
        30_000,
        1_000,
      );
      expect(exceptions[0].rootCause).toContain('failing on purpose');
    } finally {
      await deleteFlinkJar(env, jarId);
    }
  });

  it('follows a Ray job RUNNING -> SUCCEEDED and one to FAILED with its logs', async () => {
    const okId = await submitRay(
      env,
      "import time; print('it ok'); time.sleep(8)",
      `lakehouse-it-ok-${run}`,
    );
    const failId = await submitRay(
      env,
      // The job prints the engine's S3 credentials: the detail's log tail must not show them.
      "import os, sys; print('it fail'); print({k: v for k, v in os.environ.items() if k.startswith('AWS_')}); sys.exit(3)",
      `lakehouse-it-fail-${run}`,
    );
    await observe('ray', j => j.id === okId, ['RUNNING'], 180_000);
    const ok = await observe('ray', j => j.id === okId, ENDED, 180_000);
    expect(ok.job).toMatchObject({
      name: `lakehouse-it-ok-${run}`,
      state: 'SUCCEEDED',
      rawState: 'SUCCEEDED',
    });
    const failed = await observe('ray', j => j.id === failId, ENDED, 180_000);
    expect(failed.job).toMatchObject({ state: 'FAILED', rawState: 'FAILED' });
    const failedDetail = (await detail('ray', failId)).detail;
    expect(failedDetail).toMatchObject({
      driverExitCode: 3,
      logsTruncated: false,
    });
    expect(failedDetail.logs).toContain('it fail');
    expect(failedDetail.logs).toContain("'AWS_SECRET_ACCESS_KEY': '***'");
    expect(failedDetail.logs).not.toContain(env.AWS_SECRET_ACCESS_KEY);
  });
});
