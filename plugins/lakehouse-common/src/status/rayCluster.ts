import type { JobState } from '../types';
import {
  CrObject,
  compact,
  findCondition,
  get,
  lookupState,
  num,
  parseQuantity,
  record,
  resourceRef,
  str,
} from './common';
import type {
  CustomResourceCluster,
  CustomResourceStatus,
  StatusField,
} from './types';

/**
 * KubeRay `ClusterState` (deprecated in favour of conditions, still written).
 * `suspended` is PENDING, not CANCELLED: `spec.suspend` is how Kueue holds a
 * cluster until it is admitted, so a suspended cluster is usually waiting.
 */
export const RAY_CLUSTER_STATES: Readonly<Record<string, JobState>> = {
  '': 'PENDING',
  ready: 'RUNNING',
  // Deprecated and no longer set by KubeRay >= 1.2; kept for clusters last written by older operators.
  failed: 'FAILED',
  suspended: 'PENDING',
};

/** @public */
export const rayClusterStatusFields: StatusField[] = [
  {
    path: 'status.state',
    source: 'operator',
    reference:
      'ray-project/kuberay v1.5.0 ray-operator/apis/ray/v1/raycluster_types.go ClusterState',
    table: RAY_CLUSTER_STATES,
  },
];

/**
 * Maps a `RayClusterStatus` (also embedded in RayJob and RayService status).
 * Nodes count the head: the REST side counts every Ray node, head included.
 */
export function mapRayClusterStatus(
  status: unknown,
  ctx: { name: string; namespace: string; version?: string },
): CustomResourceCluster {
  const rawState = str(get(status, 'state')) ?? '';
  const headCondition = findCondition(
    get(status, 'conditions'),
    'HeadPodReady',
  );
  const headReady = headCondition
    ? headCondition.status === 'True'
    : rawState === 'ready';
  const workersReady =
    num(get(status, 'readyWorkerReplicas')) ??
    num(get(status, 'availableWorkerReplicas')) ??
    0;
  const workersDesired = num(get(status, 'desiredWorkerReplicas')) ?? 0;

  const serviceName = str(get(status, 'head.serviceName'));
  const dashboardPort = str(get(status, 'endpoints.dashboard'));
  const cpu = parseQuantity(get(status, 'desiredCPU'));
  const memoryBytes = parseQuantity(get(status, 'desiredMemory'));

  return compact({
    name: ctx.name,
    namespace: ctx.namespace,
    engine: 'ray' as const,
    nodeKind: 'node' as const,
    nodes: {
      alive: workersReady + (headReady ? 1 : 0),
      total: workersDesired + 1,
    },
    state: lookupState(RAY_CLUSTER_STATES, rawState),
    rawState,
    capacity:
      cpu !== undefined || memoryBytes !== undefined
        ? compact({ cpu, memoryBytes })
        : undefined,
    version: ctx.version,
    // Same in-cluster address KubeRay writes into RayJob.status.dashboardURL.
    links:
      serviceName && dashboardPort
        ? [
            {
              title: 'Ray dashboard',
              url: `http://${serviceName}.${ctx.namespace}.svc.cluster.local:${dashboardPort}`,
            },
          ]
        : [],
  });
}

/** Maps a `ray.io/v1` RayCluster. @public */
export function mapRayClusterResource(obj: CrObject): CustomResourceStatus {
  const resource = resourceRef(obj);
  const status = record(obj.status) ?? {};
  const cluster = mapRayClusterStatus(status, {
    name: resource.name,
    namespace: resource.namespace,
    version: str(get(obj, 'spec.rayVersion')),
  });
  return compact({
    resource,
    engine: 'ray' as const,
    state: cluster.state,
    rawState: cluster.rawState,
    message: str(status.reason) || undefined,
    cluster,
  });
}
