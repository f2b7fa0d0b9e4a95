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
import type { CustomResourceStatus, StatusField } from './types';

/**
 * spark-operator `ApplicationStateType` (Go source v2.5; the pinned API is PyPI
 * kubeflow-spark-api 2.4.0, whose models, like the CRD, type the state as a
 * plain string, and which has the spec.suspend the SUSPEND* states come with).
 * SUCCEEDING/FAILING come after the driver has exited; the operator then only
 * decides on a rerun, which would show as PENDING_RERUN.
 * SUSPENDING/SUSPENDED/RESUMING are PENDING because `spec.suspend` is how Kueue
 * queues applications.
 */
export const SPARK_APPLICATION_STATES: Readonly<Record<string, JobState>> = {
  '': 'PENDING',
  SUBMITTED: 'PENDING',
  PENDING_RERUN: 'PENDING',
  INVALIDATING: 'PENDING',
  SUSPENDING: 'PENDING',
  SUSPENDED: 'PENDING',
  RESUMING: 'PENDING',
  RUNNING: 'RUNNING',
  SUCCEEDING: 'SUCCEEDED',
  COMPLETED: 'SUCCEEDED',
  FAILING: 'FAILED',
  FAILED: 'FAILED',
  SUBMISSION_FAILED: 'FAILED',
  UNKNOWN: 'UNKNOWN',
};

/** @public */
export const sparkApplicationStatusFields: StatusField[] = [
  {
    path: 'status.applicationState.state',
    source: 'operator',
    reference:
      'kubeflow/spark-operator api/v1beta2/sparkapplication_types.go ApplicationStateType',
    table: SPARK_APPLICATION_STATES,
  },
];

/** Maps a `sparkoperator.k8s.io/v1beta2` SparkApplication. @public */
export function mapSparkApplicationResource(
  obj: CrObject,
): CustomResourceStatus {
  const resource = resourceRef(obj);
  const status = record(obj.status) ?? {};
  const rawState = str(get(status, 'applicationState.state')) ?? '';
  const state = lookupState(SPARK_APPLICATION_STATES, rawState);

  // The ingress URL is reachable from outside; the service address only in-cluster.
  const ingress = str(get(status, 'driverInfo.webUIIngressAddress'));
  const service = str(get(status, 'driverInfo.webUIAddress'));
  const ui = ingress || service;

  const job = jobSummary({
    // Spark's own app id (spark-…), as the Spark UI and history server show it.
    id:
      str(status.sparkApplicationId) ||
      resource.uid ||
      `${resource.namespace}/${resource.name}`,
    name: resource.name,
    engine: 'spark',
    // Each application brings its own driver and executors: there is no shared cluster to name.
    instance: resource.namespace,
    kind: 'application',
    state,
    rawState,
    // Both are `null` in the CR until set (nullable metav1.Time).
    startTime: str(status.lastSubmissionAttemptTime),
    endTime: str(status.terminationTime),
    links: ui ? [{ title: 'Spark UI', url: httpUrl(ui) }] : [],
  });

  return compact({
    resource,
    engine: 'spark' as const,
    state,
    rawState,
    message: str(get(status, 'applicationState.errorMessage')) || undefined,
    job,
  });
}
