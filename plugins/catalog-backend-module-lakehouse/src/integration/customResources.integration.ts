import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import type { Entity } from '@backstage/catalog-model';
import {
  LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION,
  LAKEHOUSE_JOB_ID_ANNOTATION,
  LAKEHOUSE_SERVE_APPLICATION_ANNOTATION,
} from '@internal/plugin-lakehouse-common';
import lakehousePlugin from '@internal/plugin-lakehouse-backend';
import {
  clusterLocatorConfig,
  customResourceKind,
  type KubeHarness,
  startKube,
  statusFixture,
  writeStatus,
  manualScheduler,
} from '@internal/plugin-lakehouse-backend/testUtils';
import request from 'supertest';
import { catalogModuleLakehouse } from '../module';

/**
 * Custom resources on the harness's real kube-apiserver (the operators' real CRDs; no operator runs,
 * so the test writes the statuses an operator would, from the mappers' fixtures) become components:
 * a running SparkApplication, a FlinkDeployment whose job runs and a RayService's Serve application;
 * a completed SparkApplication does not; a deleted resource leaves the catalog.
 */
jest.setTimeout(600_000);

const run = Math.random().toString(36).slice(2, 8);
const NS = `lrj-kube-${run}`;
const CLUSTER = 'it';
let kube: KubeHarness;
let backend: Awaited<ReturnType<typeof startTestBackend>>;

const tasks = manualScheduler();
async function pollAndRefresh() {
  for (const engine of ['spark', 'flink', 'ray']) {
    await tasks.runTask(`lakehouse-poll:${engine}:${CLUSTER}`);
  }
  await tasks.runTask('lakehouse-long-running-jobs');
}

/** Creates the fixture's resource under `name`, then writes the fixture's status as its operator would. */
async function declare(file: string, name: string) {
  const { apiVersion, kind, metadata, spec, status } = statusFixture(file);
  await kube.objects.createNamespacedCustomObject({
    ...customResourceKind(kind),
    namespace: NS,
    body: {
      apiVersion,
      kind,
      metadata: { name, labels: metadata.labels },
      spec,
    },
  });
  await writeStatus(kube.objects, { kind, namespace: NS, name }, status);
  return `${kind}:${NS}:${name}`;
}

/** The components discovered on the cluster, by their resource (jobs) or Serve application. */
async function discovered(): Promise<Map<string, Entity>> {
  const filter = `kind=component,metadata.annotations.${LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION}=${CLUSTER}`;
  const res = await request(backend.server).get(
    `/api/catalog/entities/by-query?${new URLSearchParams({ filter })}`,
  );
  expect(res.status).toBe(200);
  return new Map(
    (res.body.items as Entity[]).map(e => [
      e.metadata.annotations![LAKEHOUSE_JOB_ID_ANNOTATION] ??
        `serve:${
          e.metadata.annotations![LAKEHOUSE_SERVE_APPLICATION_ANNOTATION]
        }`,
      e,
    ]),
  );
}

/** The catalog's processing is asynchronous: waits until `check` holds of what it shows. */
async function eventually(check: (d: Map<string, Entity>) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const d = await discovered();
    if (check(d)) return d;
    if (Date.now() > deadline) return d;
    await new Promise(r => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  kube = await startKube(NS);
  backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleLakehouse,
      lakehousePlugin,
      tasks.factory,
      mockServices.rootConfig.factory({
        data: {
          catalog: { rules: [{ allow: ['Component'] }] },
          kubernetes: clusterLocatorConfig(CLUSTER, kube.server, kube.token),
          lakehouse: {
            kubernetes: {
              clusters: [{ name: CLUSTER, namespaces: [NS], watch: false }],
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
}, 1_800_000);

afterAll(async () => {
  await backend?.stop();
  await kube?.stop();
}, 120_000);

it('running custom resources become components, a completed one does not, a deleted one leaves', async () => {
  const spark = await declare('sparkapplication-running', `etl-${run}`);
  const done = await declare('sparkapplication-completed', `done-${run}`);
  const flink = await declare(
    'flinkdeployment-application-running',
    `fraud-${run}`,
  );
  await declare('rayservice-running', `serving-${run}`);
  await pollAndRefresh();
  const found = await eventually(d => d.size >= 3);
  expect([...found.keys()].sort()).toEqual(
    [spark, flink, 'serve:recommendation_app'].sort(),
  );
  expect(found.has(done)).toBe(false);
  expect(found.get(spark)).toMatchObject({
    spec: {
      type: 'spark-job',
      lifecycle: 'production',
      owner: 'group:default/platform-team',
    },
  });
  expect(found.get(flink)!.spec!.type).toBe('flink-job');
  expect(found.get('serve:recommendation_app')!.spec!.type).toBe('service');

  await kube.objects.deleteNamespacedCustomObject({
    ...customResourceKind('SparkApplication'),
    namespace: NS,
    name: `etl-${run}`,
  });
  await pollAndRefresh();
  const after = await eventually(d => !d.has(spark));
  expect([...after.keys()].sort()).toEqual(
    [flink, 'serve:recommendation_app'].sort(),
  );
});
