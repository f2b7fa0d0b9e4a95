import type { JobLink, JobState, JobSummary } from '../types';
import { epochMsToIso, get, jobSummary, lookupState, str } from './common';
import type { CustomResourceRef, StatusField } from './types';

/**
 * Flink's JobStatus, as the REST API reports it and as the operator copies it into
 * `status.jobStatus.state` (one table for both sides). FAILING/CANCELLING/RESTARTING still
 * hold resources, so they count as running. SUSPENDED: stopped but kept for a restart
 * (a user's `spec.job.state: suspended`, or a JobManager losing leadership): not running.
 */
export const FLINK_JOB_STATES: Readonly<Record<string, JobState>> = {
  INITIALIZING: 'PENDING',
  CREATED: 'PENDING',
  RECONCILING: 'PENDING',
  RUNNING: 'RUNNING',
  RESTARTING: 'RUNNING',
  FAILING: 'RUNNING',
  CANCELLING: 'RUNNING',
  FINISHED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELED: 'CANCELLED',
  SUSPENDED: 'CANCELLED',
};

/**
 * The operator's ResourceLifecycleState, exactly the CRD enum of the pinned
 * Flink operator API (1.10.0, `local-platform/lp crds`). DEPLOYED is "running,
 * not yet known stable"; ROLLED_BACK runs the last stable spec; SUSPENDED is a
 * user's decision, hence CANCELLED. DELETING/DELETED are not in the 1.10 API
 * (later operators add them): such a value stays the rawState, state UNKNOWN.
 */
export const FLINK_LIFECYCLE_STATES: Readonly<Record<string, JobState>> = {
  CREATED: 'PENDING',
  UPGRADING: 'PENDING',
  ROLLING_BACK: 'PENDING',
  DEPLOYED: 'RUNNING',
  STABLE: 'RUNNING',
  ROLLED_BACK: 'RUNNING',
  FAILED: 'FAILED',
  SUSPENDED: 'CANCELLED',
};

/** Lifecycle states that say more than any job or JobManager state beside them. */
export const FLINK_OVERRIDING_LIFECYCLE = new Set(['FAILED', 'SUSPENDED']);

export const flinkCommonStatusFields: StatusField[] = [
  {
    path: 'status.lifecycleState',
    source: 'crd',
    table: FLINK_LIFECYCLE_STATES,
  },
  { path: 'status.jobStatus.state', source: 'crd', table: FLINK_JOB_STATES },
];

/**
 * The Flink CRDs' enums have no empty value: an absent field means the operator
 * has not written a status yet, which is PENDING (as `CREATED`), not UNKNOWN.
 */
export function flinkState(
  table: Readonly<Record<string, JobState>>,
  raw: string,
): JobState {
  return raw === '' ? 'PENDING' : lookupState(table, raw);
}

const TERMINAL: ReadonlySet<JobState> = new Set([
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
]);

/** The operator stores exceptions as JSON (`{"type":…,"message":…}`); the message is what people read. */
export function flinkErrorMessage(error: unknown): string | undefined {
  const raw = str(error);
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return str(get(parsed, 'message')) || raw;
  } catch {
    return raw;
  }
}

/**
 * In-cluster REST/UI address of a Flink cluster: native Kubernetes mode names
 * the JobManager's REST Service `<cluster-id>-rest` (cluster-id = FlinkDeployment name).
 */
export const flinkRestUrl = (
  deployment: string,
  namespace: string,
  port: string | undefined,
) =>
  `http://${deployment}-rest.${namespace}.svc.cluster.local:${port || '8081'}`;

/** The job of a FlinkDeployment (application mode) or FlinkSessionJob. */
export function mapFlinkJob(
  status: unknown,
  ctx: { resource: CustomResourceRef; instance: string; restUrl: string },
): JobSummary {
  const lifecycle = str(get(status, 'lifecycleState')) ?? '';
  const jobState = str(get(status, 'jobStatus.state'));
  const byLifecycle = FLINK_OVERRIDING_LIFECYCLE.has(lifecycle) || !jobState;
  const rawState = byLifecycle ? lifecycle : jobState!;
  const state = byLifecycle
    ? flinkState(FLINK_LIFECYCLE_STATES, lifecycle)
    : flinkState(FLINK_JOB_STATES, jobState!);
  const jobId = str(get(status, 'jobStatus.jobId'));
  const ended = TERMINAL.has(state);
  const { resource } = ctx;
  const links: JobLink[] = [
    {
      title: 'Flink UI',
      url: jobId
        ? `${ctx.restUrl}/#/job/${
            ended ? 'completed' : 'running'
          }/${jobId}/overview`
        : ctx.restUrl,
    },
  ];
  return jobSummary({
    id: jobId || resource.uid || `${resource.namespace}/${resource.name}`,
    name: str(get(status, 'jobStatus.jobName')) || resource.name,
    engine: 'flink',
    instance: ctx.instance,
    kind: 'job',
    state,
    rawState,
    startTime: epochMsToIso(get(status, 'jobStatus.startTime')),
    // The operator has no end time; updateTime is when it observed the last change,
    // so for an ended job it is the end to within one observe interval.
    endTime: ended
      ? epochMsToIso(get(status, 'jobStatus.updateTime'))
      : undefined,
    links,
  });
}
