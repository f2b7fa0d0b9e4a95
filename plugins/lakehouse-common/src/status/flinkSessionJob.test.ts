import { loadFixture } from './__testUtils__/crds';
import { mapCustomResource } from './index';

const map = (file: string) => mapCustomResource(loadFixture(file));
import path from 'node:path';
import { FIXTURE_DIR, loadFixtures } from './__testUtils__/crds';
import { crdValidator } from '@internal/lakehouse-test-utils';

jest.setTimeout(60_000);

describe('mapFlinkSessionJobResource', () => {
  it('maps flinksessionjob-created.yaml', () => {
    expect(map('flinksessionjob-created.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'flink.apache.org/v1beta1',
          kind: 'FlinkSessionJob',
          namespace: 'ecommerce-platform',
          name: 'fraud-detection-retry',
          uid: '4c6e8a0b-2d4f-4a6c-8e0b-2d4f6a8c0e1f',
        },
        engine: 'flink',
        state: 'PENDING',
        rawState: 'CREATED',
        message:
          'org.apache.flink.util.FlinkRuntimeException: Session cluster flink-session is not ready',
        job: {
          id: '4c6e8a0b-2d4f-4a6c-8e0b-2d4f6a8c0e1f',
          name: 'fraud-detection-retry',
          engine: 'flink',
          instance: 'flink-session',
          kind: 'job',
          state: 'PENDING',
          rawState: 'CREATED',
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

  it('maps flinksessionjob-finished.yaml', () => {
    expect(map('flinksessionjob-finished.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'flink.apache.org/v1beta1',
          kind: 'FlinkSessionJob',
          namespace: 'ecommerce-platform',
          name: 'fraud-detection-backfill',
          uid: '0a2c4e6f-8b1d-4f3a-b5c7-d9e1f3a5b7c9',
        },
        engine: 'flink',
        state: 'SUCCEEDED',
        rawState: 'FINISHED',
        job: {
          id: '3e5a7c9b1d2f4e6a8c0b1d3f5a7c9e0b',
          name: 'Fraud Detection Streaming Job',
          engine: 'flink',
          instance: 'flink-session',
          kind: 'job',
          state: 'SUCCEEDED',
          rawState: 'FINISHED',
          startTime: '2026-11-26T16:00:10.215Z',
          endTime: '2026-11-26T16:26:42.731Z',
          links: [
            {
              title: 'Flink UI',
              url: 'http://flink-session-rest.ecommerce-platform.svc.cluster.local:8081/#/job/completed/3e5a7c9b1d2f4e6a8c0b1d3f5a7c9e0b/overview',
            },
          ],
          durationMs: 1592516,
        },
      },
    });
  });

  it('maps flinksessionjob-running.yaml', () => {
    expect(map('flinksessionjob-running.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'flink.apache.org/v1beta1',
          kind: 'FlinkSessionJob',
          namespace: 'ecommerce-platform',
          name: 'fraud-detection-example',
          uid: 'e7f9a1b3-c5d7-4e9f-a1b3-c5d7e9f1a3b5',
        },
        engine: 'flink',
        state: 'RUNNING',
        rawState: 'RUNNING',
        job: {
          id: 'b1d3f5a7c9e04b2d6f8a0c2e4b6d8f0a',
          name: 'Fraud Detection Streaming Job',
          engine: 'flink',
          instance: 'flink-session',
          kind: 'job',
          state: 'RUNNING',
          rawState: 'RUNNING',
          startTime: '2026-11-26T17:30:15.340Z',
          links: [
            {
              title: 'Flink UI',
              url: 'http://flink-session-rest.ecommerce-platform.svc.cluster.local:8081/#/job/running/b1d3f5a7c9e04b2d6f8a0c2e4b6d8f0a/overview',
            },
          ],
        },
      },
    });
  });

  describe('negative fixture: a job state outside the CRD enum', () => {
    const [negative] = loadFixtures(path.join(FIXTURE_DIR, 'invalid'));

    it('is rejected by the CRD schema, naming the field and the allowed values', () => {
      expect(negative.file).toBe('flinksessionjob-unknown-state.yaml');
      expect(crdValidator().validate(negative.object)).toStrictEqual([
        'FlinkSessionJob/fraud-detection-example: /status/jobStatus/state must be equal to one of the allowed values ' +
          '(CANCELED, CANCELLING, CREATED, FAILED, FAILING, FINISHED, INITIALIZING, RECONCILING, RESTARTING, RUNNING, SUSPENDED)',
      ]);
    });

    it('still maps, to UNKNOWN, with the raw state kept', () => {
      expect(mapCustomResource(negative.object)).toStrictEqual({
        ok: true,
        value: {
          resource: {
            apiVersion: 'flink.apache.org/v1beta1',
            kind: 'FlinkSessionJob',
            namespace: 'ecommerce-platform',
            name: 'fraud-detection-example',
            uid: 'e7f9a1b3-c5d7-4e9f-a1b3-c5d7e9f1a3b5',
          },
          engine: 'flink',
          state: 'UNKNOWN',
          rawState: 'HIBERNATING',
          job: {
            id: 'b1d3f5a7c9e04b2d6f8a0c2e4b6d8f0a',
            name: 'Fraud Detection Streaming Job',
            engine: 'flink',
            instance: 'flink-session',
            kind: 'job',
            state: 'UNKNOWN',
            rawState: 'HIBERNATING',
            startTime: '2026-11-26T17:30:15.340Z',
            links: [
              {
                title: 'Flink UI',
                url: 'http://flink-session-rest.ecommerce-platform.svc.cluster.local:8081/#/job/running/b1d3f5a7c9e04b2d6f8a0c2e4b6d8f0a/overview',
              },
            ],
          },
        },
      });
    });
  });
});
