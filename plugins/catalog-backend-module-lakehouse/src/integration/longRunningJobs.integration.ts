import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  LocalPlatform,
  REPO_ROOT,
  waitFor,
} from '@internal/lakehouse-test-utils';
import lakehousePlugin from '@internal/plugin-lakehouse-backend';
import {
  cancelFlink,
  deleteFlinkJar,
  runFlink,
  uploadFlinkPythonJar,
  manualScheduler,
} from '@internal/plugin-lakehouse-backend/testUtils';
import request from 'supertest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogModuleLakehouse } from '../module';

/**
 * The provider against the real lakehouse backend polling a real Flink: a streaming job becomes a
 * flink-job Component within one poll and one refresh, read service-to-service; a job a hand-written
 * entity claims and a finished batch job do not; a Flink that stops answering changes nothing; a
 * cancelled job leaves the catalog.
 *
 * The engines are started with `lp up` and left running (this test never runs `lp down`).
 */
jest.setTimeout(600_000);

const platform = new LocalPlatform();
const run = Math.random().toString(36).slice(2, 8);
const STREAM = `lrj-it-stream-${run}`;
const CLAIMED = `lrj-it-claimed-${run}`;
const BATCH = `lrj-it-batch-${run}`;
let env: Record<string, string>;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let jarId: string | undefined;
const jobIds: string[] = [];

// The polls and refreshes run when the test says: one run is one interval.
const tasks = manualScheduler();
const pollFlink = () => tasks.runTask('lakehouse-poll:flink:local');
const refresh = () => tasks.runTask('lakehouse-long-running-jobs');

async function flink(path: string) {
  const res = await fetch(`${env.FLINK_REST_URL}${path}`, {
    signal: AbortSignal.timeout(180_000),
  });
  if (!res.ok)
    throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** The lakehouse backend's test job (flink_job.py): `stream` runs until cancelled, `ok` is a batch job that finishes. */
async function runJob(mode: 'stream' | 'ok', name: string) {
  const jobId = await runFlink(env, jarId!, mode, name);
  jobIds.push(jobId);
  return jobId;
}

const untilFlinkState = (jobId: string, states: string[]) =>
  waitFor(
    `Flink job ${jobId} to be ${states.join(' or ')}`,
    async () => {
      const { state } = await flink(`/jobs/${jobId}`);
      return states.includes(state) ? state : undefined;
    },
    180_000,
  );

const entity = (name: string) =>
  request(backend.server).get(
    `/api/catalog/entities/by-name/component/default/${name}`,
  );

/** A catalog-info file whose Component claims the Flink job CLAIMED, as apps/fraud-detection's does. */
function handWritten(): string {
  const file = join(
    mkdtempSync(join(tmpdir(), 'jobs-it-')),
    'catalog-info.yaml',
  );
  writeFileSync(
    file,
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: claimed-by-hand-${run}
  annotations:
    lakehouse.io/engine: flink
    lakehouse.io/job-name: ${CLAIMED}
spec:
  type: flink-job
  lifecycle: production
  owner: group:default/fraud-streaming-team
`,
  );
  return file;
}

beforeAll(async () => {
  await platform.start(['flink']);
  env = platform.env;
  jarId = await uploadFlinkPythonJar(env);
  backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleLakehouse,
      lakehousePlugin,
      tasks.factory,
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [{ allow: ['Component'] }],
            locations: [{ type: 'file', target: handWritten() }],
          },
          lakehouse: {
            engines: {
              flink: [
                {
                  name: 'local',
                  url: env.FLINK_REST_URL,
                  timeout: { seconds: 3 },
                },
              ],
            },
            catalog: {
              longRunningJobs: {
                owner: 'group:default/platform-team',
                timeout: '5s',
              },
            },
          },
        },
      }),
    ],
  });
}, 900_000);

afterAll(async () => {
  for (const id of jobIds) {
    await cancelFlink(env, id).catch(() => undefined);
  }
  if (jarId) await deleteFlinkJar(env, jarId).catch(() => undefined);
  await backend?.stop();
}, 300_000);

it('a streaming job becomes a flink-job Component; a claimed job and a finished batch job do not', async () => {
  const batchId = await runJob('ok', BATCH);
  expect(await untilFlinkState(batchId, ['FINISHED', 'FAILED'])).toBe(
    'FINISHED',
  );
  const streamId = await runJob('stream', STREAM);
  await runJob('stream', CLAIMED);
  await untilFlinkState(streamId, ['RUNNING']);
  await waitFor(
    'the hand-written entity',
    async () =>
      (await entity(`claimed-by-hand-${run}`)).status === 200
        ? true
        : undefined,
    30_000,
    500,
  );

  await pollFlink();
  await refresh();
  const res = await waitFor(
    'the streaming job in the catalog',
    async () => {
      const r = await entity(`flink-local-${STREAM}`);
      return r.status === 200 ? r : undefined;
    },
    30_000,
    500,
  );
  expect(res.body).toMatchObject({
    kind: 'Component',
    metadata: {
      title: STREAM,
      annotations: {
        'lakehouse.io/engine': 'flink',
        'lakehouse.io/engine-instance': 'local',
        'lakehouse.io/job-name': STREAM,
        'backstage.io/managed-by-location': expect.stringMatching(
          /^url:http:\/\/localhost:\d+\/api\/lakehouse\/jobs\?engine=flink&instance=local&q=lrj-it-stream-/,
        ),
      },
    },
    spec: {
      type: 'flink-job',
      lifecycle: 'production',
      owner: 'group:default/platform-team',
      system: 'system:default/lakehouse-platform',
    },
  });
  // Processed from the same mutation, had they been in it: neither is, a few seconds on.
  await new Promise(r => setTimeout(r, 5_000));
  expect((await entity(`flink-local-${CLAIMED}`)).status).toBe(404);
  expect((await entity(`flink-local-${BATCH}`)).status).toBe(404);
});

it('keeps the job while Flink does not answer, and removes it once it is cancelled', async () => {
  const streamId = jobIds[1];
  // The real JobManager stopped (SIGSTOP): the backend's poll times out after 3 s and reports it.
  const pid = Number(
    readFileSync(
      join(REPO_ROOT, 'local-platform/.run/flink-jobmanager.pid'),
      'utf8',
    ),
  );
  process.kill(pid, 'SIGSTOP');
  try {
    await pollFlink();
    const engine = await request(backend.server).get(
      '/api/lakehouse/engines/flink/local',
    );
    expect(engine.body.error).toBeDefined();
    await refresh();
    expect((await entity(`flink-local-${STREAM}`)).status).toBe(200);
  } finally {
    process.kill(pid, 'SIGCONT');
  }

  await cancelFlink(env, streamId);
  await untilFlinkState(streamId, ['CANCELED']);
  await pollFlink();
  await refresh();
  await waitFor(
    'the cancelled job to leave the catalog',
    async () =>
      (await entity(`flink-local-${STREAM}`)).status === 404 ? true : undefined,
    30_000,
    500,
  );
});
