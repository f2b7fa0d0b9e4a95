import { loadFixture } from './__testUtils__/crds';
import { mapCustomResource } from './index';

const map = (file: string) => mapCustomResource(loadFixture(file));
import { mapSparkApplicationResource } from './sparkApplication';

describe('mapSparkApplicationResource', () => {
  it('maps sparkapplication-completed.yaml', () => {
    expect(map('sparkapplication-completed.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'sparkoperator.k8s.io/v1beta2',
          kind: 'SparkApplication',
          namespace: 'ecommerce-platform',
          name: 'batch-etl-example',
          uid: '7b3e9f1a-2c4d-4e5f-8a6b-9c0d1e2f3a4b',
        },
        engine: 'spark',
        state: 'SUCCEEDED',
        rawState: 'COMPLETED',
        job: {
          id: 'spark-4f1e2b7c9a8d4e6f8b0a1c2d3e4f5a6b',
          name: 'batch-etl-example',
          engine: 'spark',
          instance: 'ecommerce-platform',
          kind: 'application',
          state: 'SUCCEEDED',
          rawState: 'COMPLETED',
          startTime: '2026-11-26T18:10:01Z',
          endTime: '2026-11-26T18:13:42Z',
          links: [
            {
              title: 'Spark UI',
              url: 'http://10.96.52.18:4040',
            },
          ],
          durationMs: 221000,
        },
      },
    });
  });

  it('maps sparkapplication-failed.yaml', () => {
    expect(map('sparkapplication-failed.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'sparkoperator.k8s.io/v1beta2',
          kind: 'SparkApplication',
          namespace: 'ecommerce-platform',
          name: 'batch-etl-nessie-down',
          uid: 'a1c3e5f7-0b2d-4f6a-8c9e-1d3f5a7b9c0e',
        },
        engine: 'spark',
        state: 'FAILED',
        rawState: 'FAILED',
        message: 'driver container failed with ExitCode: 1, Reason: Error',
        job: {
          id: 'spark-9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b',
          name: 'batch-etl-nessie-down',
          engine: 'spark',
          instance: 'ecommerce-platform',
          kind: 'application',
          state: 'FAILED',
          rawState: 'FAILED',
          startTime: '2026-11-26T18:20:01Z',
          endTime: '2026-11-26T18:21:15Z',
          links: [
            {
              title: 'Spark UI',
              url: 'http://10.96.77.201:4040',
            },
          ],
          durationMs: 74000,
        },
      },
    });
  });

  it('maps sparkapplication-running.yaml', () => {
    expect(map('sparkapplication-running.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'sparkoperator.k8s.io/v1beta2',
          kind: 'SparkApplication',
          namespace: 'ecommerce-platform',
          name: 'batch-etl-example',
          uid: '7b3e9f1a-2c4d-4e5f-8a6b-9c0d1e2f3a4b',
        },
        engine: 'spark',
        state: 'RUNNING',
        rawState: 'RUNNING',
        job: {
          id: 'spark-4f1e2b7c9a8d4e6f8b0a1c2d3e4f5a6b',
          name: 'batch-etl-example',
          engine: 'spark',
          instance: 'ecommerce-platform',
          kind: 'application',
          state: 'RUNNING',
          rawState: 'RUNNING',
          startTime: '2026-11-26T18:10:01Z',
          links: [
            {
              title: 'Spark UI',
              url: 'http://10.96.52.18:4040',
            },
          ],
        },
      },
    });
  });

  it('maps sparkapplication-submitted.yaml', () => {
    expect(map('sparkapplication-submitted.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'sparkoperator.k8s.io/v1beta2',
          kind: 'SparkApplication',
          namespace: 'ecommerce-platform',
          name: 'batch-etl-example-2',
          uid: 'f0e1d2c3-b4a5-4968-8776-655443322110',
        },
        engine: 'spark',
        state: 'PENDING',
        rawState: 'SUBMITTED',
        job: {
          id: 'f0e1d2c3-b4a5-4968-8776-655443322110',
          name: 'batch-etl-example-2',
          engine: 'spark',
          instance: 'ecommerce-platform',
          kind: 'application',
          state: 'PENDING',
          rawState: 'SUBMITTED',
          startTime: '2026-11-26T18:45:01Z',
          links: [],
        },
      },
    });
  });

  it('prefers the ingress address over the in-cluster UI service', () => {
    const result = mapSparkApplicationResource({
      apiVersion: 'sparkoperator.k8s.io/v1beta2',
      kind: 'SparkApplication',
      metadata: { name: 'a', namespace: 'ns' },
      status: {
        applicationState: { state: 'RUNNING' },
        driverInfo: {
          webUIAddress: '10.0.0.1:4040',
          webUIIngressAddress: 'https://spark.example.com/ns/a',
        },
      },
    });
    expect(result.job?.links).toStrictEqual([
      { title: 'Spark UI', url: 'https://spark.example.com/ns/a' },
    ]);
    expect(result.job?.id).toBe('ns/a');
  });
});
