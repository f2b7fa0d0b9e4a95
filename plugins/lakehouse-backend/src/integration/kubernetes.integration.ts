import { expectLakehouseContract } from '@internal/plugin-lakehouse-common/testUtils';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JobState, JobSummary } from '@internal/plugin-lakehouse-common';
import type { CustomObjectsApi } from '@kubernetes/client-node';
import request from 'supertest';
import { lakehousePlugin } from '../plugin';
import { pollTaskId } from '../snapshots/SnapshotStore';
import { manualScheduler } from '../__testUtils__/manualScheduler';
import {
  clusterLocatorConfig,
  customResourceKind,
  type KubeHarness,
  serviceAccountWithRules,
  startKube,
  statusFixture,
  writeStatus,
} from './kubeHarness';

/**
 * The custom-resource side on a real kube-apiserver (local-platform/kube: built
 * from the Go module proxy, kine on SQLite, the operators' real CRDs). No
 * operator runs, so the test plays the operator: it creates each resource and
 * then writes the status the operator would, through the /status subresource,
 * using the status fixtures the mappers are tested with. The backend reads the
 * cluster as configured for the Kubernetes plugin.
 */
jest.setTimeout(600_000);

const run = Math.random().toString(36).slice(2, 8);
const NS = `lakehouse-it-${run}`;
const CLUSTER = 'it';
const scheduler = manualScheduler();
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let kube: KubeHarness;
let objects: CustomObjectsApi;

const fixture = statusFixture;

/** Creates the fixture's object (no status: the operator has not seen it yet) under `name`. */
async function create(file: string, name: string) {
  const { apiVersion, kind, metadata, spec } = fixture(file);
  const { group, version, plural } = customResourceKind(kind);
  await objects.createNamespacedCustomObject({
    group,
    version,
    plural,
    namespace: NS,
    body: {
      apiVersion,
      kind,
      metadata: { name, labels: metadata.labels },
      spec,
    },
  });
  return { kind, name };
}

/** Writes the status of another fixture, as the operator would. */
async function setStatus(target: { kind: string; name: string }, file: string) {
  await writeStatus(
    objects,
    { ...target, namespace: NS },
    statusFixture(file).status,
  );
}

async function jobOf(engine: string, id: string) {
  await scheduler.runTask(pollTaskId(engine as 'ray', CLUSTER));
  const res = await request(backend.server)
    .get(`/api/lakehouse/jobs?engine=${engine}&instance=${CLUSTER}&limit=500`)
    .expect(expectLakehouseContract);
  expect(res.status).toBe(200);
  return (res.body.items as JobSummary[]).find(j => j.id === id);
}

/** Writes each status in turn and reads the job's state back through the API after each. */
async function follow(
  engine: string,
  target: { kind: string; name: string },
  statuses: string[],
): Promise<JobState[]> {
  const id = `${target.kind}:${NS}:${target.name}`;
  const seen = [(await jobOf(engine, id))?.state ?? 'missing'];
  for (const file of statuses) {
    await setStatus(target, file);
    seen.push((await jobOf(engine, id))?.state ?? 'missing');
  }
  return seen as JobState[];
}

/** The lakehouse backend reading the test namespace of the cluster as `name`, with this token. */
function backendReading(
  name: string,
  token: string,
  tasks: ReturnType<typeof manualScheduler> = scheduler,
  watch = false,
) {
  return startTestBackend({
    features: [
      lakehousePlugin,
      tasks.factory,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: clusterLocatorConfig(name, kube.server, token),
          lakehouse: {
            // Without the watch, only the test's poll runs change what the backend shows.
            kubernetes: { clusters: [{ name, namespaces: [NS], watch }] },
          },
        },
      }),
    ],
  });
}

beforeAll(async () => {
  kube = await startKube(NS);
  objects = kube.objects;
  backend = await backendReading(CLUSTER, kube.token);
}, 1_800_000);

afterAll(async () => {
  await backend?.stop();
  await kube?.stop();
}, 120_000);

describe('custom resources on a real kube-apiserver', () => {
  it('follows a RayJob and a SparkApplication through the statuses their operators write', async () => {
    const ok = await create('rayjob-initializing', `train-ok-${run}`);
    expect(
      await follow('ray', ok, [
        'rayjob-initializing',
        'rayjob-running',
        'rayjob-succeeded',
      ]),
    ).toEqual(['PENDING', 'PENDING', 'RUNNING', 'SUCCEEDED']);
    const bad = await create('rayjob-initializing', `train-bad-${run}`);
    expect(await follow('ray', bad, ['rayjob-failed'])).toEqual([
      'PENDING',
      'FAILED',
    ]);

    const etl = await create('sparkapplication-submitted', `etl-${run}`);
    expect(
      await follow('spark', etl, [
        'sparkapplication-submitted',
        'sparkapplication-running',
        'sparkapplication-completed',
      ]),
    ).toEqual(['PENDING', 'PENDING', 'RUNNING', 'SUCCEEDED']);
    const failing = await create(
      'sparkapplication-submitted',
      `etl-bad-${run}`,
    );
    expect(await follow('spark', failing, ['sparkapplication-failed'])).toEqual(
      ['PENDING', 'FAILED'],
    );

    // The detail reads the resource itself: its condition list and the operator's message.
    const { body } = await request(backend.server)
      .get(
        `/api/lakehouse/jobs/spark/${CLUSTER}/SparkApplication:${NS}:etl-bad-${run}`,
      )
      .expect(200)
      .expect(expectLakehouseContract);
    expect(body.job).toMatchObject({ state: 'FAILED', instance: CLUSTER });
    expect(body.detail).toMatchObject({
      source: 'kubernetes',
      cluster: CLUSTER,
      resource: { kind: 'SparkApplication', namespace: NS },
      rawState: 'FAILED',
    });
    expect(body.detail.message).toBeTruthy();
  });

  it('follows a FlinkSessionJob; clusters and services count toward the engine summary', async () => {
    const job = await create('flinksessionjob-created', `fraud-${run}`);
    expect(
      await follow('flink', job, [
        'flinksessionjob-running',
        'flinksessionjob-finished',
      ]),
    ).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
    // Its status holds the last reconciled spec (Flink configuration, pod templates): it stays in the cluster.
    const detail = await request(backend.server)
      .get(
        `/api/lakehouse/jobs/flink/${CLUSTER}/FlinkSessionJob:${NS}:fraud-${run}`,
      )
      .expect(200)
      .expect(expectLakehouseContract);
    expect(detail.body.detail.status).toMatchObject({
      lifecycleState: 'STABLE',
      'jobStatus.state': 'FINISHED',
      'reconciliationStatus.state': 'DEPLOYED',
    });
    expect(JSON.stringify(detail.body)).not.toMatch(
      /lastReconciledSpec|lastStableSpec|jarURI|savepointInfo/,
    );

    const cluster = await create('raycluster-provisioning', `ray-${run}`);
    await setStatus(cluster, 'raycluster-ready');
    const service = await create('rayservice-initializing', `serve-${run}`);
    await setStatus(service, 'rayservice-running');
    await scheduler.runTask(pollTaskId('ray', CLUSTER));
    const { body } = await request(backend.server)
      .get(`/api/lakehouse/engines/ray/${CLUSTER}`)
      .expect(200)
      .expect(expectLakehouseContract);
    const ready = fixture('raycluster-ready').status;
    expect(body.data.cluster.nodes.total).toBeGreaterThanOrEqual(
      (ready.desiredWorkerReplicas ?? 0) + 1,
    );
    expect(body.data.services.length).toBeGreaterThan(0);
    expect(body.error).toBeUndefined();
  });

  it('shows a status change through the watch, with no poll run', async () => {
    // Its poll tasks never run: only the watch can change what it shows.
    const never = manualScheduler();
    const watching = await backendReading('watching', kube.token, never, true);
    const stateOf = async (id: string) => {
      const res = await request(watching.server)
        .get(`/api/lakehouse/jobs?engine=ray&instance=watching&limit=500`)
        .expect(200);
      return (res.body.items as JobSummary[]).find(j => j.id === id)?.state;
    };
    const until = async (id: string, state: JobState) => {
      const deadline = Date.now() + 10_000;
      while ((await stateOf(id)) !== state) {
        if (Date.now() > deadline)
          throw new Error(
            `${id} not ${state} within 10 s: ${await stateOf(id)}`,
          );
        await new Promise(r => setTimeout(r, 50));
      }
    };
    try {
      const job = await create('rayjob-initializing', `watched-${run}`);
      const id = `RayJob:${NS}:${job.name}`;
      await until(id, 'PENDING');
      await setStatus(job, 'rayjob-running');
      await until(id, 'RUNNING');
      await setStatus(job, 'rayjob-succeeded');
      await until(id, 'SUCCEEDED');
      await objects.deleteNamespacedCustomObject({
        group: 'ray.io',
        version: 'v1',
        plural: 'rayjobs',
        namespace: NS,
        name: job.name,
      });
      // Gone from the cluster: kept as history, marked as such.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const res = await request(watching.server)
          .get(`/api/lakehouse/jobs?engine=ray&instance=watching&limit=500`)
          .expect(200);
        const kept = (res.body.items as JobSummary[]).find(j => j.id === id);
        if (kept?.fromHistory) break;
        if (Date.now() > deadline) throw new Error(`${id} still listed live`);
        await new Promise(r => setTimeout(r, 50));
      }
    } finally {
      await watching.stop();
    }
  });

  it('refuses a submission to a cluster instance and a job id it does not know', async () => {
    const submit = await request(backend.server)
      .post(`/api/lakehouse/jobs/ray/${CLUSTER}`)
      .send({
        name: 'nope',
        entrypoint: 'main.py',
        project: { zipBase64: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==' },
      });
    expect(submit.status).toBe(400);
    expect(submit.body.error.message).toMatch(/takes no submissions here/);
    await request(backend.server)
      .get(`/api/lakehouse/jobs/ray/${CLUSTER}/RayJob:${NS}:missing-${run}`)
      .expect(404);
  });

  it('reports a list its service account may not make as an error of that engine only', async () => {
    // A service account that may read Ray's resources only, with a real token from the TokenRequest API.
    const token = await serviceAccountWithRules(kube, NS, 'ray-viewer', [
      {
        apiGroups: ['ray.io'],
        resources: ['rayclusters', 'rayjobs', 'rayservices'],
        verbs: ['get', 'list'],
      },
    ]);
    const tasks = manualScheduler();
    const restricted = await backendReading('restricted', token, tasks);
    try {
      for (const engine of ['spark', 'flink', 'ray'] as const)
        await tasks.runTask(pollTaskId(engine, 'restricted'));
      const { body } = await request(restricted.server)
        .get('/api/lakehouse/engines')
        .expect(200)
        .expect(expectLakehouseContract);
      const byEngine = Object.fromEntries(
        body.items.map((i: any) => [i.engine, i]),
      );
      expect(byEngine.ray.error).toBeUndefined();
      expect(byEngine.ray.jobCounts.SUCCEEDED).toBeGreaterThanOrEqual(1);
      for (const engine of ['spark', 'flink'])
        expect(byEngine[engine].error).toMatchObject({
          kind: 'http',
          status: 403,
          message: expect.stringContaining('service account may not do this'),
        });
    } finally {
      await restricted.stop();
    }
  });
});
