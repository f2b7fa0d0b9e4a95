/* eslint-disable jest/no-conditional-expect -- one describe per engine: where the operators differ, each engine has its own expectations */
import { expectLakehouseContract } from '@internal/plugin-lakehouse-common/testUtils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JobSummary } from '@internal/plugin-lakehouse-common';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { V1PolicyRule } from '@kubernetes/client-node';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { lakehousePlugin } from '../plugin';
import { pollTaskId } from '../snapshots/SnapshotStore';
import {
  lakehouseTestConfig,
  localS3Client,
} from '../testUtils/lakehouseTestConfig';
import { manualScheduler } from '../__testUtils__/manualScheduler';
import {
  clusterLocatorConfig,
  type KubeHarness,
  serviceAccountWithRules,
  startKube,
  statusFixture,
  writeStatus,
} from './kubeHarness';

/**
 * Submissions in Kubernetes mode on the harness's real kube-apiserver (the operators' real CRDs,
 * RBAC on), as the portal's service account with exactly the Role k8s/ deploys. No operator runs:
 * the test checks what the API server stored (and refused), then writes the status the operator
 * would, and reads the job back through the portal. The code is staged in the local S3 server.
 */
jest.setTimeout(600_000);

const env = process.env as Record<string, string>;
const run = Math.random().toString(36).slice(2, 8);
const NS = `lakehouse-sub-${run}`;
const CLUSTER = 'it';
const PREFIX = `it-k8s-${run}`;
const PORTAL_RBAC = resolvePackagePath(
  '@internal/plugin-lakehouse-backend',
  '../../k8s/base/portal/rbac.yaml',
);
const KINDS = {
  spark: {
    kind: 'SparkApplication',
    group: 'sparkoperator.k8s.io',
    version: 'v1beta2',
    plural: 'sparkapplications',
    running: 'sparkapplication-running',
  },
  flink: {
    kind: 'FlinkSessionJob',
    group: 'flink.apache.org',
    version: 'v1beta1',
    plural: 'flinksessionjobs',
    running: 'flinksessionjob-running',
  },
  ray: {
    kind: 'RayJob',
    group: 'ray.io',
    version: 'v1',
    plural: 'rayjobs',
    running: 'rayjob-running',
  },
} as const;
type Engine = keyof typeof KINDS;

const scheduler = manualScheduler();
let kube: KubeHarness;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
const s3 = localS3Client(env);

/**
 * The portal Role's rules as k8s/ deploys them. The deployed platform runs only KubeRay, so its Role
 * may write RayJobs only; a cluster with the Spark and Flink operators grants the same verbs on their
 * job kinds, added here from that rule.
 */
function portalRules(): V1PolicyRule[] {
  const role = parseAllDocuments(readFileSync(PORTAL_RBAC, 'utf8'))
    .map(d => d.toJS())
    .find(o => o?.kind === 'Role');
  const rules: V1PolicyRule[] = role.rules;
  const rayJobWrites = rules.find(
    r => r.resources?.join() === 'rayjobs' && r.verbs.includes('patch'),
  );
  if (!rayJobWrites)
    throw new Error(`${PORTAL_RBAC}: no write rule for rayjobs`);
  return [
    ...rules,
    {
      ...rayJobWrites,
      apiGroups: [KINDS.spark.group],
      resources: [KINDS.spark.plural],
    },
    {
      ...rayJobWrites,
      apiGroups: [KINDS.flink.group],
      resources: [KINDS.flink.plural],
    },
  ];
}

function backendAs(token: string, tasks = scheduler) {
  const { staging } = lakehouseTestConfig(env, PREFIX).lakehouse;
  return startTestBackend({
    features: [
      lakehousePlugin,
      tasks.factory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://portal.test' },
          kubernetes: clusterLocatorConfig(CLUSTER, kube.server, token),
          lakehouse: {
            staging,
            secrets: { 'warehouse-s3': { env: { AWS_ACCESS_KEY_ID: 'x' } } },
            kubernetes: {
              clusters: [
                {
                  name: CLUSTER,
                  namespaces: [NS],
                  // The test's poll runs decide what the backend shows (kubernetes.integration.ts tests the watch).
                  watch: false,
                  submit: {
                    namespace: NS,
                    spark: {
                      image:
                        'ghcr.io/borisbesky/lakehouse-spark:4.1.1-iceberg1.11.0',
                      serviceAccount: 'spark-operator-spark',
                      sparkConfigMap: 'spark-config',
                      envFromSecrets: ['s3-credentials'],
                    },
                    flink: { deploymentName: 'flink-session' },
                    ray: { clusterName: 'ray-cluster' },
                  },
                },
              ],
            },
          },
        },
      }),
    ],
  });
}

async function projectZip(): Promise<string> {
  const zip = new JSZip();
  zip.file('app/main.py', "print('hello from the portal')\n");
  zip.file('requirements.txt', 'pyyaml==6.0.2\n');
  return (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
}

const REQUESTS: Record<Engine, Record<string, unknown>> = {
  spark: { resources: { executors: 2, executorMemory: '1g' } },
  flink: { resources: { parallelism: 2 } },
  ray: { resources: { workers: 3 } },
};

async function submit(engine: Engine, body: Record<string, unknown>) {
  return request(backend.server)
    .post(`/api/lakehouse/jobs/${engine}/${CLUSTER}`)
    .send({
      entrypoint: 'app/main.py',
      args: ['--day', '2026-12-01'],
      env: { APP_MODE: 'k8s' },
      project: { zipBase64: await projectZip() },
      ...REQUESTS[engine],
      ...body,
    })
    .expect(expectLakehouseContract);
}

async function listed(engine: Engine) {
  const k = KINDS[engine];
  const { items } = await kube.objects.listNamespacedCustomObject({
    ...k,
    namespace: NS,
  });
  return items as any[];
}

async function stagedKeys(name: string) {
  const { Contents } = await s3.send(
    new ListObjectsV2Command({
      Bucket: env.S3_BUCKET,
      Prefix: `${PREFIX}/${name}/`,
    }),
  );
  return (Contents ?? []).map(c => c.Key!);
}

async function jobState(engine: Engine, id: string) {
  await scheduler.runTask(pollTaskId(engine, CLUSTER));
  const res = await request(backend.server)
    .get(`/api/lakehouse/jobs?engine=${engine}&instance=${CLUSTER}&limit=500`)
    .expect(200)
    .expect(expectLakehouseContract);
  return (res.body.items as JobSummary[]).find(j => j.id === id)?.state;
}

beforeAll(async () => {
  kube = await startKube(NS);
  const token = await serviceAccountWithRules(
    kube,
    NS,
    'portal',
    portalRules(),
  );
  backend = await backendAs(token);
}, 1_800_000);

afterAll(async () => {
  await backend?.stop();
  await kube?.stop();
}, 120_000);

describe.each(Object.keys(KINDS) as Engine[])(
  'Kubernetes-mode submission to %s',
  engine => {
    const k = KINDS[engine];
    const name = `it-${engine}-${run}`;
    let jobId: string;

    it('a dry run is the API server’s: accepted, nothing stored and nothing staged', async () => {
      const res = await submit(engine, { name, dryRun: true });
      expect(res.status).toBe(200);
      expect(res.body.plan.join('\n')).toMatch(
        new RegExp(
          `API server accepted ${k.kind} ${NS}/${name}-[0-9a-f]{8} in a server-side dry run`,
        ),
      );
      expect(await listed(engine)).toEqual([]);
      expect(await stagedKeys(name)).toEqual([]);
    });

    it('applies the resource server-side as the portal, with the code staged in S3', async () => {
      const res = await submit(engine, { name });
      expect(res.status).toBe(201);
      jobId = res.body.jobId;
      expect(jobId).toMatch(
        new RegExp(`^${k.kind}:${NS}:${name}-[0-9a-f]{8}$`),
      );
      const [obj] = await listed(engine);
      expect(`${obj.kind}:${NS}:${obj.metadata.name}`).toBe(jobId);
      expect(obj.metadata.labels).toMatchObject({
        'backstage.io/kubernetes-id': name,
        'app.kubernetes.io/managed-by': 'backstage-lakehouse',
      });
      expect(
        obj.metadata.managedFields.map((f: any) => [f.manager, f.operation]),
      ).toEqual([['backstage-lakehouse', 'Apply']]);
      // The code the operator is pointed at is in S3, as staged.
      const keys = await stagedKeys(name);
      expect(keys).toEqual(
        expect.arrayContaining([expect.stringMatching(/\/project\.zip$/)]),
      );
      const spec = JSON.stringify(obj.spec);
      const zipKey = keys.find(key => key.endsWith('/project.zip'))!;
      const folder = zipKey.replace(/project\.zip$/, '');
      if (engine === 'spark') {
        expect(obj.spec.mainApplicationFile).toBe(
          `s3a://${env.S3_BUCKET}/${folder}files/_lakehouse_launch.py`,
        );
        expect(obj.spec.deps.pyFiles).toEqual([
          `s3a://${env.S3_BUCKET}/${zipKey}`,
        ]);
        expect(obj.spec.executor).toMatchObject({
          instances: 2,
          memory: '1g',
          env: [{ name: 'APP_MODE', value: 'k8s' }],
          envFrom: [{ secretRef: { name: 's3-credentials' } }],
        });
        expect(obj.spec.arguments.slice(-2)).toEqual(['--day', '2026-12-01']);
      }
      if (engine === 'flink') {
        expect(obj.spec.deploymentName).toBe('flink-session');
        expect(obj.spec.job).toMatchObject({
          parallelism: 2,
          upgradeMode: 'savepoint',
          state: 'running',
        });
        expect(obj.spec.job.args.slice(0, 4)).toEqual([
          '-pyfs',
          `s3://${env.S3_BUCKET}/${folder}files/`,
          '-pym',
          '_lakehouse_launch',
        ]);
      }
      if (engine === 'ray') {
        expect(obj.spec.clusterSelector).toEqual({
          'ray.io/cluster': 'ray-cluster',
        });
        expect(obj.spec.entrypoint).toBe('python app/main.py --day 2026-12-01');
        expect(JSON.parse(obj.spec.runtimeEnvYAML)).toEqual({
          working_dir: `s3://${env.S3_BUCKET}/${zipKey}`,
          pip: { packages: ['pyyaml==6.0.2'], pip_check: false },
          env_vars: { APP_MODE: 'k8s', LAKEHOUSE_WORKERS: '3' },
        });
      }
      const staged = await s3.send(
        new GetObjectCommand({
          Bucket: env.S3_BUCKET,
          Key: `${folder}files/app/main.py`,
        }),
      );
      expect(await staged.Body!.transformToString()).toContain('hello');
      expect(spec).not.toMatch(/AWS_|lp-secret/);
    });

    it('suspends and resumes it as its operator defines it', async () => {
      const state = (body: object) =>
        request(backend.server)
          .post(
            `/api/lakehouse/jobs/${engine}/${CLUSTER}/${encodeURIComponent(
              jobId,
            )}/state`,
          )
          .send(body)
          .expect(expectLakehouseContract);
      const spec = async () => (await listed(engine))[0].spec;
      expect((await state({ state: 'paused' })).status).toBe(400);
      const suspended = await state({ state: 'suspended' });
      if (engine === 'ray') {
        // KubeRay suspends only RayJobs that own their cluster; the portal's run on the shared one.
        expect(suspended.status).toBe(400);
        expect(suspended.body.error.message).toMatch(
          /KubeRay suspends only RayJobs that own their cluster.*shared RayCluster ray-cluster/,
        );
        expect((await spec()).suspend).toBeUndefined();
        return;
      }
      expect(suspended.status).toBe(200);
      if (engine === 'flink') {
        expect(suspended.body.changed).toEqual({
          'spec.job.state': 'suspended',
          'spec.job.upgradeMode': 'savepoint',
        });
        expect((await spec()).job).toMatchObject({
          state: 'suspended',
          upgradeMode: 'savepoint',
        });
      } else {
        expect(suspended.body.changed).toEqual({ 'spec.suspend': true });
        expect((await spec()).suspend).toBe(true);
        expect(
          (await state({ state: 'running', upgradeMode: 'stateless' })).body
            .error.message,
        ).toMatch(/a SparkApplication has none/);
      }
      const again = await state({ state: 'suspended' });
      expect(again.status).toBe(400);
      expect(again.body.error.message).toMatch(/already suspended/);
      expect((await state({ state: 'running' })).status).toBe(200);
      const resumed = await spec();
      expect(engine === 'flink' ? resumed.job.state : resumed.suspend).toBe(
        engine === 'flink' ? 'running' : false,
      );
    });

    it('shows the job as the operator reports it, and cancels it by deleting the resource', async () => {
      expect(await jobState(engine, jobId)).toBe('PENDING');
      const [, , objectName] = jobId.split(':');
      await writeStatus(
        kube.objects,
        { kind: k.kind, namespace: NS, name: objectName },
        statusFixture(k.running).status,
      );
      expect(await jobState(engine, jobId)).toBe('RUNNING');
      const cancel = await request(backend.server).post(
        `/api/lakehouse/jobs/${engine}/${CLUSTER}/${encodeURIComponent(
          jobId,
        )}/cancel`,
      );
      expect(cancel.status).toBe(202);
      expect(await listed(engine)).toEqual([]);
      // Gone from the cluster, still in the portal's history.
      await scheduler.runTask(pollTaskId(engine, CLUSTER));
      const res = await request(backend.server)
        .get(`/api/lakehouse/jobs?engine=${engine}&instance=${CLUSTER}`)
        .expect(200);
      expect(
        (res.body.items as JobSummary[]).find(j => j.id === jobId),
      ).toMatchObject({ fromHistory: true });
    });
  },
);

describe('Kubernetes-mode refusals', () => {
  it('refuses secrets (a resource’s spec is readable) and a cancel of what it did not submit, changing nothing', async () => {
    const secret = await submit('ray', {
      name: `it-secret-${run}`,
      secrets: ['warehouse-s3'],
    });
    expect(secret.status).toBe(400);
    expect(secret.body.error.message).toMatch(/take no secrets/);
    expect(await stagedKeys(`it-secret-${run}`)).toEqual([]);

    const cancel = await request(backend.server).post(
      `/api/lakehouse/jobs/ray/${CLUSTER}/${encodeURIComponent(
        `RayCluster:${NS}:ray-cluster`,
      )}/cancel`,
    );
    expect(cancel.status).toBe(400);
    expect(cancel.body.error.message).toMatch(/Only RayJobs in namespace/);

    // A RayJob of the platform's own (applied by its owners, not through the portal) in the same namespace.
    const theirs = `platform-own-${run}`;
    await kube.objects.createNamespacedCustomObject({
      ...KINDS.ray,
      namespace: NS,
      body: {
        apiVersion: 'ray.io/v1',
        kind: 'RayJob',
        metadata: { name: theirs },
        spec: {
          entrypoint: 'python main.py',
          clusterSelector: { 'ray.io/cluster': 'ray-cluster' },
        },
      },
    });
    const id = encodeURIComponent(`RayJob:${NS}:${theirs}`);
    for (const [path, body] of [
      ['cancel', {}],
      ['state', { state: 'suspended' }],
    ] as const) {
      const res = await request(backend.server)
        .post(`/api/lakehouse/jobs/ray/${CLUSTER}/${id}/${path}`)
        .send(body);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error.message).toMatch(
        /was not submitted through the portal .*operate it where it is managed/,
      );
    }
    expect((await listed('ray')).map(o => o.metadata.name)).toEqual([theirs]);
    await kube.objects.deleteNamespacedCustomObject({
      ...KINDS.ray,
      namespace: NS,
      name: theirs,
    });
  });

  it('says what RBAC refuses when the service account may only read', async () => {
    const reader = await serviceAccountWithRules(kube, NS, 'reader', [
      {
        apiGroups: ['ray.io'],
        resources: ['rayjobs'],
        verbs: ['get', 'list'],
      },
    ]);
    const tasks = manualScheduler();
    const readOnly = await backendAs(reader, tasks);
    try {
      const res = await request(readOnly.server)
        .post(`/api/lakehouse/jobs/ray/${CLUSTER}`)
        .send({
          name: `it-denied-${run}`,
          entrypoint: 'app/main.py',
          dryRun: true,
          project: { zipBase64: await projectZip() },
        });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /answered HTTP 403 to a server-side dry run of RayJob .*service account may not do this.*forbidden/s,
      );
    } finally {
      await readOnly.stop();
    }
    expect(await listed('ray')).toEqual([]);
  });

  it('makes a valid object name of the longest job name', async () => {
    const res = await submit('flink', { name: 'x'.repeat(63), dryRun: true });
    expect(res.status).toBe(200);
    const [, objectName] =
      /FlinkSessionJob \S+\/(\S+) in a server-side dry run/.exec(
        res.body.plan.join('\n'),
      )!;
    expect(objectName).toMatch(/^x{38}-[0-9a-f]{8}$/);
  });
});
