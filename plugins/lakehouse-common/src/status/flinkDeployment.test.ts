import { loadFixture } from './__testUtils__/crds';
import { mapCustomResource } from './index';

const map = (file: string) => mapCustomResource(loadFixture(file));
import { mapFlinkDeploymentResource } from './flinkDeployment';

describe('mapFlinkDeploymentResource', () => {
  it('maps flinkdeployment-application-failed.yaml', () => {
    expect(map('flinkdeployment-application-failed.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'flink.apache.org/v1beta1',
          kind: 'FlinkDeployment',
          namespace: 'ecommerce-platform',
          name: 'fraud-detection',
          uid: 'd4a6c8e0-1f3b-4d5e-9a7c-0b2d4f6a8c1e',
        },
        engine: 'flink',
        state: 'FAILED',
        rawState: 'FAILED',
        message:
          'Job fraud-detection failed: org.apache.flink.runtime.JobException: Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=10000)',
        job: {
          id: '8f3c2a1d9e7b4c6a0f5e2d1c3b4a5f6e',
          name: 'Fraud Detection Streaming Job',
          engine: 'flink',
          instance: 'fraud-detection',
          kind: 'job',
          state: 'FAILED',
          rawState: 'FAILED',
          startTime: '2026-11-26T18:15:11.210Z',
          endTime: '2026-11-26T18:25:02.993Z',
          links: [
            {
              title: 'Flink UI',
              url: 'http://fraud-detection-rest.ecommerce-platform.svc.cluster.local:8081/#/job/completed/8f3c2a1d9e7b4c6a0f5e2d1c3b4a5f6e/overview',
            },
          ],
          durationMs: 591783,
        },
        cluster: {
          name: 'fraud-detection',
          namespace: 'ecommerce-platform',
          engine: 'flink',
          nodeKind: 'taskmanager',
          nodes: {
            alive: 1,
            total: 1,
          },
          state: 'FAILED',
          rawState: 'FAILED',
          capacity: {
            cpu: 3,
            memoryBytes: 6442450944,
          },
          version: '2.1.1',
          links: [
            {
              title: 'Flink UI',
              url: 'http://fraud-detection-rest.ecommerce-platform.svc.cluster.local:8081',
            },
          ],
        },
      },
    });
  });

  it('maps flinkdeployment-application-running.yaml', () => {
    expect(map('flinkdeployment-application-running.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'flink.apache.org/v1beta1',
          kind: 'FlinkDeployment',
          namespace: 'ecommerce-platform',
          name: 'fraud-detection',
          uid: 'd4a6c8e0-1f3b-4d5e-9a7c-0b2d4f6a8c1e',
        },
        engine: 'flink',
        state: 'RUNNING',
        rawState: 'RUNNING',
        job: {
          id: '8f3c2a1d9e7b4c6a0f5e2d1c3b4a5f6e',
          name: 'Fraud Detection Streaming Job',
          engine: 'flink',
          instance: 'fraud-detection',
          kind: 'job',
          state: 'RUNNING',
          rawState: 'RUNNING',
          startTime: '2026-11-24T08:01:02.418Z',
          links: [
            {
              title: 'Flink UI',
              url: 'http://fraud-detection-rest.ecommerce-platform.svc.cluster.local:8081/#/job/running/8f3c2a1d9e7b4c6a0f5e2d1c3b4a5f6e/overview',
            },
          ],
        },
        cluster: {
          name: 'fraud-detection',
          namespace: 'ecommerce-platform',
          engine: 'flink',
          nodeKind: 'taskmanager',
          nodes: {
            alive: 1,
            total: 1,
          },
          state: 'RUNNING',
          rawState: 'READY',
          capacity: {
            cpu: 3,
            memoryBytes: 6442450944,
          },
          version: '2.1.1',
          links: [
            {
              title: 'Flink UI',
              url: 'http://fraud-detection-rest.ecommerce-platform.svc.cluster.local:8081',
            },
          ],
        },
      },
    });
  });

  it('maps flinkdeployment-deploying.yaml', () => {
    expect(map('flinkdeployment-deploying.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'flink.apache.org/v1beta1',
          kind: 'FlinkDeployment',
          namespace: 'ecommerce-platform',
          name: 'fraud-detection-v2',
          uid: '6b8d0f2a-3c5e-4f7a-9b1d-2e4f6a8c0b3d',
        },
        engine: 'flink',
        state: 'PENDING',
        rawState: 'RECONCILING',
        job: {
          id: '5a7c9e1b3d5f4a6c8e0b2d4f6a8c0e2a',
          name: 'Fraud Detection Streaming Job',
          engine: 'flink',
          instance: 'fraud-detection-v2',
          kind: 'job',
          state: 'PENDING',
          rawState: 'RECONCILING',
          links: [
            {
              title: 'Flink UI',
              url: 'http://fraud-detection-v2-rest.ecommerce-platform.svc.cluster.local:8081/#/job/running/5a7c9e1b3d5f4a6c8e0b2d4f6a8c0e2a/overview',
            },
          ],
        },
        cluster: {
          name: 'fraud-detection-v2',
          namespace: 'ecommerce-platform',
          engine: 'flink',
          nodeKind: 'taskmanager',
          nodes: {
            alive: 0,
            total: 1,
          },
          state: 'PENDING',
          rawState: 'DEPLOYING',
          links: [
            {
              title: 'Flink UI',
              url: 'http://fraud-detection-v2-rest.ecommerce-platform.svc.cluster.local:8081',
            },
          ],
        },
      },
    });
  });

  it('maps flinkdeployment-session-stable.yaml', () => {
    expect(map('flinkdeployment-session-stable.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'flink.apache.org/v1beta1',
          kind: 'FlinkDeployment',
          namespace: 'ecommerce-platform',
          name: 'flink-session',
          uid: '2c7e9a1b-4d3f-4b6e-8a0c-5e1f3d7b9a2c',
        },
        engine: 'flink',
        state: 'RUNNING',
        rawState: 'READY',
        cluster: {
          name: 'flink-session',
          namespace: 'ecommerce-platform',
          engine: 'flink',
          nodeKind: 'taskmanager',
          nodes: {
            alive: 2,
            total: 2,
          },
          state: 'RUNNING',
          rawState: 'READY',
          capacity: {
            cpu: 3,
            memoryBytes: 6442450944,
          },
          version: '2.1.1',
          links: [
            {
              title: 'Flink UI',
              url: 'http://flink-session-rest.ecommerce-platform.svc.cluster.local:8081',
            },
          ],
        },
      },
    });
  });

  const deployment = (status: object, flinkConfiguration: object = {}) => ({
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkDeployment',
    metadata: { name: 'd', namespace: 'ns' },
    spec: { flinkConfiguration, job: { jarURI: 'local:///job.jar' } },
    status,
  });

  it('lets a SUSPENDED lifecycle win over the last job and JobManager states', () => {
    const result = mapFlinkDeploymentResource(
      deployment({
        lifecycleState: 'SUSPENDED',
        jobManagerDeploymentStatus: 'MISSING',
        jobStatus: { state: 'FINISHED' },
      }),
    );
    expect([
      result.state,
      result.rawState,
      result.cluster?.state,
    ]).toStrictEqual(['CANCELLED', 'SUSPENDED', 'CANCELLED']);
  });

  it('links to the configured REST port, flat or nested', () => {
    const flat = mapFlinkDeploymentResource(
      deployment({}, { 'rest.port': 9081 }),
    );
    const nested = mapFlinkDeploymentResource(
      deployment({}, { rest: { port: '9082' } }),
    );
    expect(flat.cluster?.links).toStrictEqual([
      { title: 'Flink UI', url: 'http://d-rest.ns.svc.cluster.local:9081' },
    ]);
    expect(nested.cluster?.links).toStrictEqual([
      { title: 'Flink UI', url: 'http://d-rest.ns.svc.cluster.local:9082' },
    ]);
  });
});
