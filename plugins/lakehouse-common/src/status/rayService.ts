import type { JobState, ServiceSummary } from '../types';
import {
  CrObject,
  compact,
  findCondition,
  get,
  lookupState,
  record,
  resourceRef,
  str,
} from './common';
import { mapRayClusterStatus } from './rayCluster';
import type { CustomResourceStatus, StatusField } from './types';

/**
 * Reasons of the RayService `Ready` condition (KubeRay >= 1.3), which replaced
 * `serviceStatus` as the source of truth; those KubeRay v1.5.0 (the pinned API,
 * `local-platform/lp crds`) writes. Zero endpoints after being ready means the
 * service stopped answering, so it counts as failed. A reason of a newer
 * operator stays the rawState (RUNNING when Ready=True, else UNKNOWN).
 */
export const RAY_SERVICE_READY_REASONS: Readonly<Record<string, JobState>> = {
  Initializing: 'PENDING',
  NonZeroServeEndpoints: 'RUNNING',
  ZeroServeEndpoints: 'FAILED',
  InitializingTimeout: 'FAILED',
};

/** Deprecated `serviceStatus`: since KubeRay 1.3 only `Running` or empty (not ready). */
export const RAY_SERVICE_STATUSES: Readonly<Record<string, JobState>> = {
  '': 'PENDING',
  Running: 'RUNNING',
};

const KUBERAY_TYPES =
  'ray-project/kuberay v1.5.0 ray-operator/apis/ray/v1/rayservice_types.go';

/** @public */
export const rayServiceStatusFields: StatusField[] = [
  {
    path: 'status.serviceStatus',
    source: 'operator',
    reference: `${KUBERAY_TYPES} ServiceStatus`,
    table: RAY_SERVICE_STATUSES,
  },
  {
    path: 'status.conditions[].reason',
    source: 'operator',
    reference: `${KUBERAY_TYPES} RayServiceConditionReason (condition type Ready)`,
    table: RAY_SERVICE_READY_REASONS,
  },
];

function readiness(status: CrObject): {
  state: JobState;
  rawState: string;
  message?: string;
} {
  const ready = findCondition(status.conditions, 'Ready');
  if (!ready) {
    const raw = str(status.serviceStatus) ?? '';
    return { state: lookupState(RAY_SERVICE_STATUSES, raw), rawState: raw };
  }
  const reason = ready.reason ?? '';
  const known = Object.prototype.hasOwnProperty.call(
    RAY_SERVICE_READY_REASONS,
    reason,
  );
  let state: JobState = 'UNKNOWN';
  if (known) state = RAY_SERVICE_READY_REASONS[reason];
  // Ready=True means serving, whatever a newer operator calls the reason.
  else if (ready.status === 'True') state = 'RUNNING';
  return { state, rawState: reason, message: ready.message || undefined };
}

function services(serviceStatus: unknown): ServiceSummary[] {
  const apps = record(get(serviceStatus, 'applicationStatuses')) ?? {};
  return Object.entries(apps).map(([name, app]) => ({
    name,
    rawStatus: str(get(app, 'status')) ?? '',
  }));
}

/**
 * Maps a `ray.io/v1` RayService. The cluster is the active one, or the pending
 * one while the first cluster starts (KubeRay creates it as "pending").
 */
export function mapRayServiceResource(obj: CrObject): CustomResourceStatus {
  const resource = resourceRef(obj);
  const status = record(obj.status) ?? {};
  const { state, rawState, message } = readiness(status);
  const active = record(status.activeServiceStatus);
  const side = str(active?.rayClusterName)
    ? active
    : record(status.pendingServiceStatus);
  const clusterName = str(side?.rayClusterName);
  const apps = services(side);

  return compact({
    resource,
    engine: 'ray' as const,
    state,
    rawState,
    message,
    cluster: clusterName
      ? mapRayClusterStatus(side?.rayClusterStatus, {
          name: clusterName,
          namespace: resource.namespace,
          version: str(get(obj, 'spec.rayClusterConfig.rayVersion')),
        })
      : undefined,
    services: apps.length > 0 ? apps : undefined,
  });
}
