import type {
  CustomResourceJobDetail,
  CustomResourceStatus,
  EngineData,
  EngineKind,
  JobSummary,
  ResourceCondition,
} from '@internal/plugin-lakehouse-common';
import { pickCustomResourceStatus } from '@internal/plugin-lakehouse-common';
import { redactDeep } from '../redact';

const NODE_KIND = {
  ray: 'node',
  flink: 'taskmanager',
  spark: 'worker',
} as const;

/** `RayJob:team-a:nightly`: a job id that names its resource and fits the API's id rule. */
export const customResourceJobId = (s: CustomResourceStatus) =>
  `${s.resource.kind}:${s.resource.namespace}:${s.resource.name}`;

/** The job a resource describes, if it is a job, under the instance's name and its resource id. */
export function customResourceJob(
  s: CustomResourceStatus,
  instance: string,
): JobSummary | undefined {
  return s.job && { ...s.job, id: customResourceJobId(s), instance };
}

/**
 * One engine's custom resources as one snapshot, in the REST clients' shape: clusters add up to
 * the cluster summary, jobs and services are listed.
 */
export function customResourceSnapshot(
  engine: EngineKind,
  instance: string,
  statuses: CustomResourceStatus[],
): EngineData {
  const clusters = statuses.flatMap(s => (s.cluster ? [s.cluster] : []));
  const versions = [
    ...new Set(clusters.flatMap(c => (c.version ? [c.version] : []))),
  ];
  const services = statuses.flatMap(s => s.services ?? []);
  return {
    cluster: {
      nodeKind: NODE_KIND[engine],
      nodes: {
        alive: clusters.reduce((n, c) => n + c.nodes.alive, 0),
        total: clusters.reduce((n, c) => n + c.nodes.total, 0),
      },
      ...(versions.length === 1 && { version: versions[0] }),
    },
    jobs: statuses.flatMap(s => {
      const job = customResourceJob(s, instance);
      return job ? [job] : [];
    }),
    ...(services.length > 0 && { services }),
  };
}

const CONDITION_FIELDS = [
  'type',
  'status',
  'reason',
  'message',
  'lastTransitionTime',
] as const;

/** `status.conditions` as the detail shows them: the string fields of each, whatever else an operator wrote. */
export function resourceConditions(value: unknown): ResourceCondition[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
    .map(c =>
      Object.fromEntries(
        CONDITION_FIELDS.filter(f => typeof c[f] === 'string').map(f => [
          f,
          c[f],
        ]),
      ),
    );
}

/**
 * The detail of a job read from its resource: which one, the operator's word and conditions, and the
 * allow-listed fields of its status (never the raw status: it holds the last reconciled spec with the
 * engine's configuration and pod env). Operator messages quote the engine, so they are redacted.
 */
export function customResourceJobDetail(
  s: CustomResourceStatus,
  cluster: string,
  status: Record<string, unknown>,
): CustomResourceJobDetail {
  return redactDeep({
    source: 'kubernetes',
    engine: s.engine,
    cluster,
    resource: { ...s.resource },
    rawState: s.rawState,
    message: s.message ?? null,
    conditions: resourceConditions(status.conditions),
    status: pickCustomResourceStatus(s.resource.kind, status),
  });
}
