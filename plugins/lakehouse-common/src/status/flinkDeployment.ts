import type { JobState } from '../types';
import {
  CrObject,
  compact,
  get,
  num,
  parseQuantity,
  record,
  resourceRef,
  str,
} from './common';
import {
  FLINK_LIFECYCLE_STATES,
  FLINK_OVERRIDING_LIFECYCLE,
  flinkCommonStatusFields,
  flinkErrorMessage,
  flinkRestUrl,
  flinkState,
  mapFlinkJob,
} from './flinkCommon';
import type {
  CustomResourceCluster,
  CustomResourceStatus,
  StatusField,
} from './types';

/**
 * The JobManager Deployment. MISSING is the operator's initial value (and what
 * a suspended deployment shows, but SUSPENDED lifecycle decides that case).
 */
export const FLINK_JM_DEPLOYMENT_STATUSES: Readonly<Record<string, JobState>> =
  {
    MISSING: 'PENDING',
    DEPLOYING: 'PENDING',
    DEPLOYED_NOT_READY: 'PENDING',
    READY: 'RUNNING',
    ERROR: 'FAILED',
  };

/** @public */
export const flinkDeploymentStatusFields: StatusField[] = [
  ...flinkCommonStatusFields,
  {
    path: 'status.jobManagerDeploymentStatus',
    source: 'crd',
    table: FLINK_JM_DEPLOYMENT_STATUSES,
  },
];

function mapCluster(
  obj: CrObject,
  status: CrObject,
  name: string,
  namespace: string,
  restUrl: string,
) {
  const lifecycle = str(status.lifecycleState) ?? '';
  const jm = str(status.jobManagerDeploymentStatus) ?? '';
  const byLifecycle = FLINK_OVERRIDING_LIFECYCLE.has(lifecycle);
  const replicas =
    num(get(status, 'taskManager.replicas')) ??
    num(get(obj, 'spec.taskManager.replicas')) ??
    0;
  const cpu = parseQuantity(get(status, 'clusterInfo.total-cpu'));
  const memoryBytes = parseQuantity(get(status, 'clusterInfo.total-memory'));
  const cluster: CustomResourceCluster = compact({
    name,
    namespace,
    engine: 'flink' as const,
    nodeKind: 'taskmanager' as const,
    // The CR has no TaskManager readiness; it only knows the JobManager is up.
    // The REST side (/overview) has the exact count.
    nodes: { alive: jm === 'READY' ? replicas : 0, total: replicas },
    state: byLifecycle
      ? flinkState(FLINK_LIFECYCLE_STATES, lifecycle)
      : flinkState(FLINK_JM_DEPLOYMENT_STATUSES, jm),
    rawState: byLifecycle ? lifecycle : jm,
    capacity:
      cpu !== undefined || memoryBytes !== undefined
        ? compact({ cpu, memoryBytes })
        : undefined,
    version: str(get(status, 'clusterInfo.flink-version')),
    links: [{ title: 'Flink UI', url: restUrl }],
  });
  return cluster;
}

/** `rest.port` is one key with a dot in it, a string or (in YAML-style config) a number. */
function restPort(config: unknown): string | undefined {
  const port = record(config)?.['rest.port'] ?? get(config, 'rest.port');
  return typeof port === 'number' ? String(port) : str(port);
}

/**
 * Maps a `flink.apache.org/v1beta1` FlinkDeployment: a session cluster
 * (no `spec.job`) is a cluster; an application deployment is a job plus the
 * cluster it brought.
 */
export function mapFlinkDeploymentResource(
  obj: CrObject,
): CustomResourceStatus {
  const resource = resourceRef(obj);
  const status = record(obj.status) ?? {};
  const restUrl = flinkRestUrl(
    resource.name,
    resource.namespace,
    restPort(get(obj, 'spec.flinkConfiguration')),
  );
  const cluster = mapCluster(
    obj,
    status,
    resource.name,
    resource.namespace,
    restUrl,
  );
  const job = record(get(obj, 'spec.job'))
    ? mapFlinkJob(status, { resource, instance: resource.name, restUrl })
    : undefined;
  return compact({
    resource,
    engine: 'flink' as const,
    state: job?.state ?? cluster.state,
    rawState: job?.rawState ?? cluster.rawState,
    message: flinkErrorMessage(status.error),
    job,
    cluster,
  });
}
