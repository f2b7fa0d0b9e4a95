import { loadFixture } from './__testUtils__/crds';
import { mapCustomResource } from './index';

const map = (file: string) => mapCustomResource(loadFixture(file));

describe('mapRayClusterResource', () => {
  it('maps raycluster-provisioning.yaml', () => {
    expect(map('raycluster-provisioning.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'ray.io/v1',
          kind: 'RayCluster',
          namespace: 'ecommerce-platform',
          name: 'ray-cluster',
          uid: '0b7d3f52-91e4-4d8a-a6c3-5e2f8c1d7a90',
        },
        engine: 'ray',
        state: 'PENDING',
        rawState: '',
        cluster: {
          name: 'ray-cluster',
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
            memoryBytes: 6442450944,
          },
          version: '2.60.0',
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

  it('maps raycluster-ready.yaml', () => {
    expect(map('raycluster-ready.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'ray.io/v1',
          kind: 'RayCluster',
          namespace: 'ecommerce-platform',
          name: 'ray-cluster',
          uid: '6f1c2d8e-4b7a-4c1e-9d55-0a7e3b9f21c4',
        },
        engine: 'ray',
        state: 'RUNNING',
        rawState: 'ready',
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
          version: '2.60.0',
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

  it('maps raycluster-suspended.yaml', () => {
    expect(map('raycluster-suspended.yaml')).toStrictEqual({
      ok: true,
      value: {
        resource: {
          apiVersion: 'ray.io/v1',
          kind: 'RayCluster',
          namespace: 'ecommerce-platform',
          name: 'ray-cluster',
          uid: '6f1c2d8e-4b7a-4c1e-9d55-0a7e3b9f21c4',
        },
        engine: 'ray',
        state: 'PENDING',
        rawState: 'suspended',
        cluster: {
          name: 'ray-cluster',
          namespace: 'ecommerce-platform',
          engine: 'ray',
          nodeKind: 'node',
          nodes: {
            alive: 0,
            total: 1,
          },
          state: 'PENDING',
          rawState: 'suspended',
          capacity: {
            cpu: 0,
            memoryBytes: 0,
          },
          version: '2.60.0',
          links: [],
        },
      },
    });
  });
});
