import type {
  ClusterSummary,
  EngineKind,
  JobLink,
  JobState,
  JobSummary,
  ServiceSummary,
} from '../types';

/**
 * A custom resource as read from the API server (parsed JSON/YAML).
 * @public
 */
export type CustomResourceObject = Record<string, unknown>;

/**
 * Which custom resource a status was read from.
 * @public
 */
export interface CustomResourceRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
}

/**
 * A cluster as its custom resource describes it. The operators report sizes
 * they asked for, not usage, so `capacity` holds totals only and the usage
 * fields of {@link ClusterSummary} (`cpu`, `memoryBytes`, `slots`) stay empty.
 * @public
 */
export interface CustomResourceCluster extends ClusterSummary {
  name: string;
  namespace: string;
  engine: EngineKind;
  state: JobState;
  /** The operator's own word for the cluster (e.g. KubeRay's `ready`, Flink's `READY`). */
  rawState: string;
  capacity?: { cpu?: number; memoryBytes?: number };
  links: JobLink[];
}

/**
 * What one custom resource says about itself, in the shapes the REST side uses.
 * `state`/`rawState` describe the resource as a whole: the job's state for a
 * job resource, the cluster's for a cluster, the service's for a RayService.
 * @public
 */
export interface CustomResourceStatus {
  resource: CustomResourceRef;
  engine: EngineKind;
  state: JobState;
  rawState: string;
  /** The operator's error or progress message, when it gives one. */
  message?: string;
  job?: JobSummary;
  cluster?: CustomResourceCluster;
  services?: ServiceSummary[];
}

/**
 * Why {@link mapCustomResource} could not map an object. Data, not an exception,
 * so one bad object in a list does not hide the others.
 * @public
 */
export interface CustomResourceMapError {
  kind: 'unsupported' | 'malformed';
  message: string;
}

/** @public */
export type CustomResourceMapResult =
  | { ok: true; value: CustomResourceStatus }
  | { ok: false; error: CustomResourceMapError };

/**
 * A status field the mappers normalise, with its value → state table. The
 * tests read the allowed values from the CRD (`source: 'crd'`) or, where the
 * CRD declares a free string, check the CRD still has no enum and use the
 * operator's documented constants (`source: 'operator'`).
 * @public
 */
export interface StatusField {
  /** Dotted path below the object root, e.g. `status.jobStatus.state`. */
  path: string;
  source: 'crd' | 'operator';
  /** Where the values come from when the CRD has no enum. */
  reference?: string;
  table: Readonly<Record<string, JobState>>;
}
