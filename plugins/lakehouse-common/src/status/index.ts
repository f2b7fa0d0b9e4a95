import { CrObject, get, record, str } from './common';
import {
  flinkDeploymentStatusFields,
  mapFlinkDeploymentResource,
} from './flinkDeployment';
import {
  flinkSessionJobStatusFields,
  mapFlinkSessionJobResource,
} from './flinkSessionJob';
import { mapRayClusterResource, rayClusterStatusFields } from './rayCluster';
import { mapRayJobResource, rayJobStatusFields } from './rayJob';
import { mapRayServiceResource, rayServiceStatusFields } from './rayService';
import {
  mapSparkApplicationResource,
  sparkApplicationStatusFields,
} from './sparkApplication';
import type {
  CustomResourceMapResult,
  CustomResourceStatus,
  StatusField,
} from './types';

export type {
  CustomResourceCluster,
  CustomResourceMapError,
  CustomResourceMapResult,
  CustomResourceObject,
  CustomResourceRef,
  CustomResourceStatus,
  StatusField,
} from './types';
export { FLINK_JOB_STATES } from './flinkCommon';
export {
  mapFlinkDeploymentResource,
  flinkDeploymentStatusFields,
} from './flinkDeployment';
export {
  mapFlinkSessionJobResource,
  flinkSessionJobStatusFields,
} from './flinkSessionJob';
export { mapRayClusterResource, rayClusterStatusFields } from './rayCluster';
export { mapRayJobResource, rayJobStatusFields } from './rayJob';
export { mapRayServiceResource, rayServiceStatusFields } from './rayService';
export {
  mapSparkApplicationResource,
  sparkApplicationStatusFields,
} from './sparkApplication';

/**
 * One supported kind: its mapper and the status fields it normalises.
 * @public
 */
export interface CustomResourceMapper {
  map: (obj: CrObject) => CustomResourceStatus;
  fields: StatusField[];
}

/**
 * Supported kinds by `apiVersion` and `kind`, exactly as the pinned CRDs serve
 * them (`local-platform/lp crds`: KubeRay v1.5.0, Flink operator 1.10.0,
 * spark-operator derived from kubeflow-spark-api 2.4.0). Other versions are
 * refused rather than guessed at.
 * @public
 */
export const CUSTOM_RESOURCE_MAPPERS: Readonly<
  Record<string, CustomResourceMapper>
> = {
  'ray.io/v1/RayCluster': {
    map: mapRayClusterResource,
    fields: rayClusterStatusFields,
  },
  'ray.io/v1/RayJob': { map: mapRayJobResource, fields: rayJobStatusFields },
  'ray.io/v1/RayService': {
    map: mapRayServiceResource,
    fields: rayServiceStatusFields,
  },
  'sparkoperator.k8s.io/v1beta2/SparkApplication': {
    map: mapSparkApplicationResource,
    fields: sparkApplicationStatusFields,
  },
  'flink.apache.org/v1beta1/FlinkDeployment': {
    map: mapFlinkDeploymentResource,
    fields: flinkDeploymentStatusFields,
  },
  'flink.apache.org/v1beta1/FlinkSessionJob': {
    map: mapFlinkSessionJobResource,
    fields: flinkSessionJobStatusFields,
  },
};

const malformed = (message: string): CustomResourceMapResult => ({
  ok: false,
  error: { kind: 'malformed', message },
});

/**
 * Maps any supported custom resource by `apiVersion`/`kind`. Missing optional
 * fields (a CR the operator has not written a status to yet) are fine; an
 * object that is not a Kubernetes object, a kind we do not know, or a state
 * field that is not a string is an error result, never a throw.
 * @public
 */
export function mapCustomResource(obj: unknown): CustomResourceMapResult {
  const o = record(obj);
  if (!o) {
    const got = Array.isArray(obj) ? 'an array' : String(obj);
    return malformed(`expected a Kubernetes object, got ${got}`);
  }
  const apiVersion = str(o.apiVersion);
  const kind = str(o.kind);
  if (!apiVersion || !kind)
    return malformed('apiVersion and kind must be non-empty strings');
  const ref = `${kind}/${str(get(o, 'metadata.name')) ?? '<no name>'}`;
  if (!str(get(o, 'metadata.name')))
    return malformed(`${ref}: metadata.name must be a non-empty string`);
  const mapper = Object.prototype.hasOwnProperty.call(
    CUSTOM_RESOURCE_MAPPERS,
    `${apiVersion}/${kind}`,
  )
    ? CUSTOM_RESOURCE_MAPPERS[`${apiVersion}/${kind}`]
    : undefined;
  if (!mapper) {
    return {
      ok: false,
      error: {
        kind: 'unsupported',
        message: `${ref}: unsupported apiVersion/kind ${apiVersion} ${kind}; supported: ${Object.keys(
          CUSTOM_RESOURCE_MAPPERS,
        ).join(', ')}`,
      },
    };
  }
  for (const key of ['spec', 'status']) {
    if (o[key] !== undefined && !record(o[key]))
      return malformed(`${ref}: ${key} must be an object`);
  }
  for (const { path } of mapper.fields) {
    // Fields inside lists (conditions) are read leniently by the mappers.
    if (path.includes('[]')) continue;
    const value = get(o, path);
    if (value !== undefined && typeof value !== 'string') {
      return malformed(
        `${ref}: ${path} must be a string, got ${JSON.stringify(value)}`,
      );
    }
  }
  return { ok: true, value: mapper.map(o) };
}
