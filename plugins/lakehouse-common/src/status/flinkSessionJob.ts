import { CrObject, compact, get, record, resourceRef, str } from './common';
import {
  flinkCommonStatusFields,
  flinkErrorMessage,
  flinkRestUrl,
  mapFlinkJob,
} from './flinkCommon';
import type { CustomResourceStatus, StatusField } from './types';

/** @public */
export const flinkSessionJobStatusFields: StatusField[] =
  flinkCommonStatusFields;

/** Maps a `flink.apache.org/v1beta1` FlinkSessionJob: a job on the session cluster `spec.deploymentName`. */
export function mapFlinkSessionJobResource(
  obj: CrObject,
): CustomResourceStatus {
  const resource = resourceRef(obj);
  const status = record(obj.status) ?? {};
  const deployment = str(get(obj, 'spec.deploymentName')) || resource.namespace;
  // The session cluster's REST port lives in its FlinkDeployment, not here: assume the default.
  const restUrl = flinkRestUrl(deployment, resource.namespace, undefined);
  const job = mapFlinkJob(status, { resource, instance: deployment, restUrl });
  return compact({
    resource,
    engine: 'flink' as const,
    state: job.state,
    rawState: job.rawState,
    message: flinkErrorMessage(status.error),
    job,
  });
}
