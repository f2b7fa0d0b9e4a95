import { z } from 'zod';

/** What both Flink operator kinds report of their job. */
const FLINK_JOB_FIELDS = [
  'lifecycleState',
  'error',
  'jobStatus.state',
  'jobStatus.jobId',
  'jobStatus.jobName',
  'jobStatus.startTime',
  'jobStatus.updateTime',
  'reconciliationStatus.state',
] as const;

/**
 * The status fields of an operator's custom resource that a job detail
 * carries, by kind, as dotted paths to scalar values: the state, times, ids
 * and the operator's error message. Everything else stays in the cluster:
 * `reconciliationStatus.lastReconciledSpec` and `lastStableSpec` (the whole
 * spec, with the Flink configuration and pod templates and their env),
 * `clusterInfo` beyond the version, pod IPs and executor lists. Anyone who
 * may read status reads a detail, so this list only grows on purpose.
 * @public
 */
export const CUSTOM_RESOURCE_STATUS_FIELDS = {
  RayJob: [
    'jobStatus',
    'jobDeploymentStatus',
    'jobId',
    'rayClusterName',
    'startTime',
    'endTime',
    'message',
    'reason',
    'failed',
    'succeeded',
    'rayJobInfo.startTime',
    'rayJobInfo.endTime',
  ],
  SparkApplication: [
    'applicationState.state',
    'applicationState.errorMessage',
    'sparkApplicationId',
    'submissionID',
    'submissionAttempts',
    'executionAttempts',
    'lastSubmissionAttemptTime',
    'terminationTime',
    'driverInfo.podName',
  ],
  FlinkDeployment: [
    ...FLINK_JOB_FIELDS,
    'jobManagerDeploymentStatus',
    'clusterInfo.flink-version',
  ],
  FlinkSessionJob: FLINK_JOB_FIELDS,
} as const satisfies Record<string, readonly string[]>;

/** @public */
export type CustomResourceStatusField =
  (typeof CUSTOM_RESOURCE_STATUS_FIELDS)[keyof typeof CUSTOM_RESOURCE_STATUS_FIELDS][number];

const ALL_FIELDS = [
  ...new Set(Object.values(CUSTOM_RESOURCE_STATUS_FIELDS).flat()),
] as [CustomResourceStatusField, ...CustomResourceStatusField[]];

/**
 * A job detail's `status`: only allow-listed paths (any other key is refused
 * by the contract), each a string, number or boolean.
 * @public
 */
export const customResourceStatusFieldsSchema = z.partialRecord(
  z.enum(ALL_FIELDS),
  z.union([z.string(), z.number(), z.boolean()]),
);
/** @public */
export type CustomResourceStatusFields = z.infer<
  typeof customResourceStatusFieldsSchema
>;

/** Longer text (an operator's error with a stack trace) is cut: the detail is a summary. */
const MAX_VALUE_CHARS = 4_000;

/**
 * The allow-listed fields of `kind` found in a resource's `status`; fields of
 * other kinds, objects and arrays are never copied.
 * @public
 */
export function pickCustomResourceStatus(
  kind: string,
  status: unknown,
): CustomResourceStatusFields {
  const fields: readonly CustomResourceStatusField[] =
    (
      CUSTOM_RESOURCE_STATUS_FIELDS as Record<
        string,
        readonly CustomResourceStatusField[]
      >
    )[kind] ?? [];
  const picked: CustomResourceStatusFields = {};
  for (const path of fields) {
    let value: unknown = status;
    for (const part of path.split('.')) {
      value =
        value && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)[part]
          : undefined;
    }
    if (typeof value === 'string')
      picked[path] = value.slice(0, MAX_VALUE_CHARS);
    else if (typeof value === 'number' || typeof value === 'boolean')
      picked[path] = value;
  }
  return picked;
}
