import { loadFixture } from './__testUtils__/crds';
import { mapCustomResource } from './index';

const map = (file: string) => mapCustomResource(loadFixture(file));
import { JOB_STATES } from '../types';
import { crdSchema, schemaAt } from './__testUtils__/crds';
import { mapRayServiceResource } from './rayService';

jest.setTimeout(30_000);

describe('mapRayServiceResource', () => {
  it('maps rayservice-initializing.yaml', () => {
    expect(map('rayservice-initializing.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'ray.io/v1',
          kind: 'RayService',
          namespace: 'ecommerce-platform',
          name: 'recommendation-service',
          uid: '5e8a1c3d-6f2b-4a97-8d04-b1c2e3f4a5d6',
        },
        engine: 'ray',
        state: 'PENDING',
        rawState: 'Initializing',
        message: 'RayService is initializing',
        cluster: {
          name: 'recommendation-service-q4n7z',
          namespace: 'ecommerce-platform',
          engine: 'ray',
          nodeKind: 'node',
          nodes: {
            alive: 2,
            total: 2,
          },
          state: 'RUNNING',
          rawState: 'ready',
          capacity: {
            cpu: 2,
            memoryBytes: 4294967296,
          },
          version: '2.46.0',
          links: [
            {
              title: 'Ray dashboard',
              url: 'http://recommendation-service-q4n7z-head-svc.ecommerce-platform.svc.cluster.local:8265',
            },
          ],
        },
        services: [
          {
            name: 'recommendation_app',
            rawStatus: 'DEPLOYING',
          },
        ],
      },
    });
  });

  it('maps rayservice-running.yaml', () => {
    expect(map('rayservice-running.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'ray.io/v1',
          kind: 'RayService',
          namespace: 'ecommerce-platform',
          name: 'recommendation-service',
          uid: '5e8a1c3d-6f2b-4a97-8d04-b1c2e3f4a5d6',
        },
        engine: 'ray',
        state: 'RUNNING',
        rawState: 'NonZeroServeEndpoints',
        message: 'Number of serve endpoints is greater than 0',
        cluster: {
          name: 'recommendation-service-tk8m2',
          namespace: 'ecommerce-platform',
          engine: 'ray',
          nodeKind: 'node',
          nodes: {
            alive: 2,
            total: 2,
          },
          state: 'RUNNING',
          rawState: 'ready',
          capacity: {
            cpu: 2,
            memoryBytes: 4294967296,
          },
          version: '2.46.0',
          links: [
            {
              title: 'Ray dashboard',
              url: 'http://recommendation-service-tk8m2-head-svc.ecommerce-platform.svc.cluster.local:8265',
            },
          ],
        },
        services: [
          {
            name: 'recommendation_app',
            rawStatus: 'RUNNING',
          },
        ],
      },
    });
  });

  it('maps rayservice-unhealthy.yaml', () => {
    expect(map('rayservice-unhealthy.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'ray.io/v1',
          kind: 'RayService',
          namespace: 'ecommerce-platform',
          name: 'recommendation-service',
          uid: '5e8a1c3d-6f2b-4a97-8d04-b1c2e3f4a5d6',
        },
        engine: 'ray',
        state: 'FAILED',
        rawState: 'ZeroServeEndpoints',
        message: 'Number of serve endpoints dropped to 0',
        cluster: {
          name: 'recommendation-service-tk8m2',
          namespace: 'ecommerce-platform',
          engine: 'ray',
          nodeKind: 'node',
          nodes: {
            alive: 2,
            total: 2,
          },
          state: 'RUNNING',
          rawState: 'ready',
          capacity: {
            cpu: 2,
            memoryBytes: 4294967296,
          },
          version: '2.46.0',
          links: [
            {
              title: 'Ray dashboard',
              url: 'http://recommendation-service-tk8m2-head-svc.ecommerce-platform.svc.cluster.local:8265',
            },
          ],
        },
        services: [
          {
            name: 'recommendation_app',
            rawStatus: 'UNHEALTHY',
          },
        ],
      },
    });
  });

  const service = (status: object) => ({
    apiVersion: 'ray.io/v1',
    kind: 'RayService',
    metadata: { name: 's', namespace: 'ns' },
    status,
  });

  // The condition status is the one RayService field with a CRD enum (True/False/Unknown).
  it.each(
    schemaAt(crdSchema('RayService', 'v1'), 'status.conditions[].status')
      .enum as string[],
  )('maps a Ready condition with status %s to a JobState', status => {
    const result = mapRayServiceResource(
      service({
        conditions: [
          { type: 'Ready', status, reason: 'SomethingNew', message: '' },
        ],
      }),
    );
    expect(JOB_STATES).toContain(result.state);
    expect(result.state).toBe(status === 'True' ? 'RUNNING' : 'UNKNOWN');
    expect(result.rawState).toBe('SomethingNew');
  });

  it('falls back to serviceStatus when an older operator wrote no conditions', () => {
    const result = mapRayServiceResource(service({ serviceStatus: 'Running' }));
    expect([result.state, result.rawState]).toStrictEqual([
      'RUNNING',
      'Running',
    ]);
  });
});
