import {
  customResourceJobDetailSchema,
  type CustomResourceStatus,
} from '@internal/plugin-lakehouse-common';
import {
  customResourceJobDetail,
  customResourceSnapshot,
  resourceConditions,
} from './customResourceSnapshot';

const ref = (kind: string, name: string) => ({
  apiVersion: 'ray.io/v1',
  kind,
  namespace: 'ml',
  name,
});

const cluster = (name: string, alive: number, version?: string) =>
  ({
    resource: ref('RayCluster', name),
    engine: 'ray',
    state: 'RUNNING',
    rawState: 'ready',
    cluster: {
      name,
      namespace: 'ml',
      engine: 'ray',
      state: 'RUNNING',
      rawState: 'ready',
      nodeKind: 'node',
      nodes: { alive, total: alive + 1 },
      links: [],
      ...(version && { version }),
    },
  } as CustomResourceStatus);

const job: CustomResourceStatus = {
  resource: ref('RayJob', 'train'),
  engine: 'ray',
  state: 'FAILED',
  rawState: 'FAILED',
  message: 'entrypoint exited 1',
  job: {
    id: 'raysubmit_1',
    name: 'train',
    engine: 'ray',
    instance: '',
    kind: 'job',
    state: 'FAILED',
    rawState: 'FAILED',
    links: [],
  },
};

describe('customResourceSnapshot', () => {
  it('adds clusters up, names jobs by their resource and lists services', () => {
    const service: CustomResourceStatus = {
      resource: ref('RayService', 'recommend'),
      engine: 'ray',
      state: 'RUNNING',
      rawState: 'Running',
      services: [{ name: 'recommend', rawStatus: 'RUNNING' }],
    };
    expect(
      customResourceSnapshot('ray', 'platform', [
        cluster('a', 2, '2.60.0'),
        cluster('b', 1, '2.60.0'),
        job,
        service,
      ]),
    ).toEqual({
      cluster: {
        nodeKind: 'node',
        nodes: { alive: 3, total: 5 },
        version: '2.60.0',
      },
      jobs: [{ ...job.job, id: 'RayJob:ml:train', instance: 'platform' }],
      services: [{ name: 'recommend', rawStatus: 'RUNNING' }],
    });
  });

  it('gives no version when clusters disagree, and no services when none', () => {
    const data = customResourceSnapshot('ray', 'platform', [
      cluster('a', 1, '2.59.0'),
      cluster('b', 1, '2.60.0'),
    ]);
    expect(data.cluster.version).toBeUndefined();
    expect(data).not.toHaveProperty('services');
    expect(data.jobs).toEqual([]);
  });
});

describe('customResourceJobDetail', () => {
  it('is the contract shape, with only the string fields of conditions', () => {
    const detail = customResourceJobDetail(job, 'platform', {
      jobStatus: 'FAILED',
      conditions: [
        { type: 'Ready', status: 'False', reason: 7, extra: { a: 1 } },
        'garbage',
      ],
    });
    expect(customResourceJobDetailSchema.parse(detail)).toEqual(detail);
    expect(detail).toMatchObject({
      source: 'kubernetes',
      engine: 'ray',
      cluster: 'platform',
      rawState: 'FAILED',
      message: 'entrypoint exited 1',
      conditions: [{ type: 'Ready', status: 'False' }],
    });
  });

  it('returns only allow-listed status fields, never the reconciled spec or env, and masks credentials', () => {
    const spec = JSON.stringify({
      spec: {
        flinkConfiguration: { 's3.secret-key': 'from-the-flink-config' },
        podTemplate: { env: [{ name: 'DB_URL', value: 'from-the-pod-env' }] },
      },
    });
    const detail = customResourceJobDetail(job, 'platform', {
      jobStatus: 'FAILED',
      jobId: 'raysubmit_1',
      message: 'Job failed: AWS_SECRET_ACCESS_KEY=printed-by-the-job',
      rayClusterStatus: { head: { podIP: '10.0.0.7' } },
      reconciliationStatus: { lastReconciledSpec: spec, state: 'DEPLOYED' },
      env: [{ name: 'TOKEN', value: 'from-a-status-env' }],
      startTime: { not: 'a scalar' },
    });
    expect(customResourceJobDetailSchema.parse(detail)).toEqual(detail);
    expect(detail.status).toEqual({
      jobStatus: 'FAILED',
      jobId: 'raysubmit_1',
      message: 'Job failed: AWS_SECRET_ACCESS_KEY=***',
    });
    const text = JSON.stringify(detail);
    for (const leaked of [
      'lastReconciledSpec',
      'from-the-flink-config',
      'from-the-pod-env',
      'from-a-status-env',
      'printed-by-the-job',
      '10.0.0.7',
    ]) {
      expect(text).not.toContain(leaked);
    }
  });

  it('is refused by the contract if a status field outside the allow-list slips in', () => {
    const detail = customResourceJobDetail(job, 'platform', {});
    expect(() =>
      customResourceJobDetailSchema.parse({
        ...detail,
        status: { 'reconciliationStatus.lastReconciledSpec': '{}' },
      }),
    ).toThrow();
  });

  it('reads no conditions from anything but a list', () => {
    expect(resourceConditions({ type: 'Ready' })).toEqual([]);
    expect(resourceConditions(undefined)).toEqual([]);
  });
});
