import type { JobState } from '../types';
import {
  CrObject,
  compact,
  get,
  httpUrl,
  jobSummary,
  lookupState,
  record,
  resourceRef,
  str,
} from './common';
import { mapRayClusterStatus } from './rayCluster';
import type { CustomResourceStatus, StatusField } from './types';

/** Ray's JobStatus as KubeRay copies it; STOPPED is a user's stop request (as on the REST side). */
export const RAY_JOB_STATUSES: Readonly<Record<string, JobState>> = {
  '': 'PENDING',
  PENDING: 'PENDING',
  RUNNING: 'RUNNING',
  STOPPED: 'CANCELLED',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
};

/**
 * KubeRay's JobDeploymentStatus: the cluster and submission around the Ray job.
 * Suspended/Suspending are PENDING because Kueue queues RayJobs by suspending
 * them; Retrying is PENDING because a new cluster is coming for the next attempt.
 */
export const RAY_JOB_DEPLOYMENT_STATUSES: Readonly<Record<string, JobState>> = {
  '': 'PENDING',
  Initializing: 'PENDING',
  Waiting: 'PENDING',
  Retrying: 'PENDING',
  Suspending: 'PENDING',
  Suspended: 'PENDING',
  Running: 'RUNNING',
  // Complete covers SUCCEEDED, FAILED and STOPPED jobs; the job status decides when present.
  Complete: 'SUCCEEDED',
  Failed: 'FAILED',
  ValidationFailed: 'FAILED',
};

const KUBERAY_TYPES =
  'ray-project/kuberay v1.5.0 ray-operator/apis/ray/v1/rayjob_types.go';

/** @public */
export const rayJobStatusFields: StatusField[] = [
  {
    path: 'status.jobStatus',
    source: 'operator',
    reference: `${KUBERAY_TYPES} JobStatus`,
    table: RAY_JOB_STATUSES,
  },
  {
    path: 'status.jobDeploymentStatus',
    source: 'operator',
    reference: `${KUBERAY_TYPES} JobDeploymentStatus`,
    table: RAY_JOB_DEPLOYMENT_STATUSES,
  },
];

/**
 * While the deployment is Running or Complete the Ray job's own status is the
 * more precise word; in every other deployment status (failed submission,
 * deadline, retry, queueing) the deployment status wins, whatever the last
 * job status said.
 */
const JOB_STATUS_DECIDES = new Set(['Running', 'Complete']);

/** Maps a `ray.io/v1` RayJob. @public */
export function mapRayJobResource(obj: CrObject): CustomResourceStatus {
  const resource = resourceRef(obj);
  const status = record(obj.status) ?? {};
  const deployment = str(status.jobDeploymentStatus) ?? '';
  const jobStatus = str(status.jobStatus);
  const byJob = JOB_STATUS_DECIDES.has(deployment) && !!jobStatus;
  const rawState = byJob ? jobStatus! : deployment;
  const state = byJob
    ? lookupState(RAY_JOB_STATUSES, jobStatus)
    : lookupState(RAY_JOB_DEPLOYMENT_STATUSES, deployment);

  const jobId = str(status.jobId);
  const clusterName = str(status.rayClusterName);
  const dashboard = str(status.dashboardURL);
  const clusterStatus = record(status.rayClusterStatus);

  const job = jobSummary({
    // The Ray submission id, so CR and Jobs API rows of one job share an id.
    id: jobId || resource.uid || `${resource.namespace}/${resource.name}`,
    name: resource.name,
    engine: 'ray',
    instance: clusterName || resource.namespace,
    kind: 'job',
    state,
    rawState,
    // rayJobInfo holds the Ray job's own times; status.startTime includes cluster start-up.
    startTime:
      str(get(status, 'rayJobInfo.startTime')) ?? str(status.startTime),
    endTime: str(get(status, 'rayJobInfo.endTime')) ?? str(status.endTime),
    links: dashboard
      ? [
          {
            title: 'Ray dashboard',
            url: jobId
              ? `${httpUrl(dashboard)}/#/jobs/${encodeURIComponent(jobId)}`
              : httpUrl(dashboard),
          },
        ]
      : [],
  });

  return compact({
    resource,
    engine: 'ray' as const,
    state,
    rawState,
    message: str(status.message) || undefined,
    job,
    cluster:
      clusterName && clusterStatus && Object.keys(clusterStatus).length > 0
        ? mapRayClusterStatus(clusterStatus, {
            name: clusterName,
            namespace: resource.namespace,
            version: str(get(obj, 'spec.rayClusterSpec.rayVersion')),
          })
        : undefined,
  });
}
