import { loadFixture } from './__testUtils__/crds';
import { mapCustomResource } from './index';

const map = (file: string) => mapCustomResource(loadFixture(file));
import { mapRayJobResource } from './rayJob';

describe('mapRayJobResource', () => {
  it('maps rayjob-failed.yaml', () => {
    expect(map('rayjob-failed.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'ray.io/v1',
          kind: 'RayJob',
          namespace: 'ecommerce-platform',
          name: 'recommendations-training-bad-input',
          uid: 'c81f0e4a-2b6d-4f93-8e17-6a5b3d0c9f22',
        },
        engine: 'ray',
        state: 'FAILED',
        rawState: 'Failed',
        message:
          'Job entrypoint command failed with exit code 1, last available logs (truncated to 20,000 chars):\n  File "/apps/train_recommendation_model_k8s.py", line 88, in load_clickstream\n    raise FileNotFoundError(f"s3://{bucket}/{key} not found")\nFileNotFoundError: s3://warehouse/data/clickstream.json not found',
        job: {
          id: 'recommendations-training-bad-input-2mfx9',
          name: 'recommendations-training-bad-input',
          engine: 'ray',
          instance: 'ray-cluster',
          kind: 'job',
          state: 'FAILED',
          rawState: 'Failed',
          startTime: '2026-11-26T18:05:19Z',
          endTime: '2026-11-26T18:06:45Z',
          links: [
            {
              title: 'Ray dashboard',
              url: 'http://ray-cluster-head-svc.ecommerce-platform.svc.cluster.local:8265/#/jobs/recommendations-training-bad-input-2mfx9',
            },
          ],
          durationMs: 86000,
        },
        cluster: {
          name: 'ray-cluster',
          namespace: 'ecommerce-platform',
          engine: 'ray',
          nodeKind: 'node',
          nodes: {
            alive: 3,
            total: 3,
          },
          state: 'RUNNING',
          rawState: 'ready',
          capacity: {
            cpu: 3,
            memoryBytes: 6442450944,
          },
          links: [
            {
              title: 'Ray dashboard',
              url: 'http://ray-cluster-head-svc.ecommerce-platform.svc.cluster.local:8265',
            },
          ],
        },
      },
    });
  });

  it('maps rayjob-initializing.yaml', () => {
    expect(map('rayjob-initializing.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'ray.io/v1',
          kind: 'RayJob',
          namespace: 'ecommerce-platform',
          name: 'rayjob-recommendations-training',
          uid: '9d2c4e6a-5b81-4a07-b3f9-1e8d7c6b5a43',
        },
        engine: 'ray',
        state: 'PENDING',
        rawState: 'Initializing',
        job: {
          id: 'rayjob-recommendations-training-b5m2k',
          name: 'rayjob-recommendations-training',
          engine: 'ray',
          instance: 'rayjob-recommendations-training-x2v8r',
          kind: 'job',
          state: 'PENDING',
          rawState: 'Initializing',
          startTime: '2026-11-26T18:30:01Z',
          links: [
            {
              title: 'Ray dashboard',
              url: 'http://rayjob-recommendations-training-x2v8r-head-svc.ecommerce-platform.svc.cluster.local:8265/#/jobs/rayjob-recommendations-training-b5m2k',
            },
          ],
        },
        cluster: {
          name: 'rayjob-recommendations-training-x2v8r',
          namespace: 'ecommerce-platform',
          engine: 'ray',
          nodeKind: 'node',
          nodes: {
            alive: 0,
            total: 3,
          },
          state: 'PENDING',
          rawState: '',
          capacity: {
            cpu: 3,
            memoryBytes: 8589934592,
          },
          version: '2.46.0',
          links: [],
        },
      },
    });
  });

  it('maps rayjob-running.yaml', () => {
    expect(map('rayjob-running.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'ray.io/v1',
          kind: 'RayJob',
          namespace: 'ecommerce-platform',
          name: 'recommendations-training-example',
          uid: '3a9e5c1f-7d2b-4e8a-b6f0-2c4d9e8a1b37',
        },
        engine: 'ray',
        state: 'RUNNING',
        rawState: 'RUNNING',
        job: {
          id: 'recommendations-training-example-7cwqz',
          name: 'recommendations-training-example',
          engine: 'ray',
          instance: 'ray-cluster',
          kind: 'job',
          state: 'RUNNING',
          rawState: 'RUNNING',
          startTime: '2026-11-26T17:58:04Z',
          links: [
            {
              title: 'Ray dashboard',
              url: 'http://ray-cluster-head-svc.ecommerce-platform.svc.cluster.local:8265/#/jobs/recommendations-training-example-7cwqz',
            },
          ],
        },
        cluster: {
          name: 'ray-cluster',
          namespace: 'ecommerce-platform',
          engine: 'ray',
          nodeKind: 'node',
          nodes: {
            alive: 3,
            total: 3,
          },
          state: 'RUNNING',
          rawState: 'ready',
          capacity: {
            cpu: 3,
            memoryBytes: 6442450944,
          },
          links: [
            {
              title: 'Ray dashboard',
              url: 'http://ray-cluster-head-svc.ecommerce-platform.svc.cluster.local:8265',
            },
          ],
        },
      },
    });
  });

  it('maps rayjob-succeeded.yaml', () => {
    expect(map('rayjob-succeeded.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'ray.io/v1',
          kind: 'RayJob',
          namespace: 'ecommerce-platform',
          name: 'rayjob-recommendations-training',
          uid: 'e4b7a2c9-0f31-4d6e-9a85-7c1b2d3e4f50',
        },
        engine: 'ray',
        state: 'SUCCEEDED',
        rawState: 'SUCCEEDED',
        message: 'Job finished successfully.',
        job: {
          id: 'rayjob-recommendations-training-h7t4n',
          name: 'rayjob-recommendations-training',
          engine: 'ray',
          instance: 'rayjob-recommendations-training-9kq2x',
          kind: 'job',
          state: 'SUCCEEDED',
          rawState: 'SUCCEEDED',
          startTime: '2026-11-25T02:01:20Z',
          endTime: '2026-11-25T02:14:29Z',
          links: [
            {
              title: 'Ray dashboard',
              url: 'http://rayjob-recommendations-training-9kq2x-head-svc.ecommerce-platform.svc.cluster.local:8265/#/jobs/rayjob-recommendations-training-h7t4n',
            },
          ],
          durationMs: 789000,
        },
        cluster: {
          name: 'rayjob-recommendations-training-9kq2x',
          namespace: 'ecommerce-platform',
          engine: 'ray',
          nodeKind: 'node',
          nodes: {
            alive: 3,
            total: 3,
          },
          state: 'RUNNING',
          rawState: 'ready',
          capacity: {
            cpu: 3,
            memoryBytes: 8589934592,
          },
          version: '2.46.0',
          links: [
            {
              title: 'Ray dashboard',
              url: 'http://rayjob-recommendations-training-9kq2x-head-svc.ecommerce-platform.svc.cluster.local:8265',
            },
          ],
        },
      },
    });
  });

  const job = (status: object) => ({
    apiVersion: 'ray.io/v1',
    kind: 'RayJob',
    metadata: { name: 'j', namespace: 'ns', uid: 'u-1' },
    status,
  });

  it('lets the deployment status win outside Running/Complete (a retry after a failed attempt is pending)', () => {
    const result = mapRayJobResource(
      job({
        jobDeploymentStatus: 'Retrying',
        jobStatus: 'FAILED',
        jobId: 'j-1',
      }),
    );
    expect([result.state, result.rawState]).toStrictEqual([
      'PENDING',
      'Retrying',
    ]);
  });

  it('reads a stopped job on a Complete deployment as CANCELLED', () => {
    const result = mapRayJobResource(
      job({ jobDeploymentStatus: 'Complete', jobStatus: 'STOPPED' }),
    );
    expect([result.state, result.rawState]).toStrictEqual([
      'CANCELLED',
      'STOPPED',
    ]);
  });

  it('keeps an unknown job status as rawState and maps it to UNKNOWN', () => {
    const result = mapRayJobResource(
      job({ jobDeploymentStatus: 'Running', jobStatus: 'PREEMPTED' }),
    );
    expect([result.state, result.rawState, result.job?.state]).toStrictEqual([
      'UNKNOWN',
      'PREEMPTED',
      'UNKNOWN',
    ]);
  });

  it('maps a RayJob the operator has not touched yet', () => {
    expect(mapRayJobResource({ ...job({}), status: undefined })).toStrictEqual({
      resource: {
        apiVersion: 'ray.io/v1',
        kind: 'RayJob',
        namespace: 'ns',
        name: 'j',
        uid: 'u-1',
      },
      engine: 'ray',
      state: 'PENDING',
      rawState: '',
      job: {
        id: 'u-1',
        name: 'j',
        engine: 'ray',
        instance: 'ns',
        kind: 'job',
        state: 'PENDING',
        rawState: '',
        links: [],
      },
    });
  });
});
