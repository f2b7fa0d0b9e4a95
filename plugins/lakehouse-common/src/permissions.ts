import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading engine status and job lists and details (every `GET` of the
 * lakehouse backend except `/health`).
 * @public
 */
export const lakehouseStatusReadPermission = createPermission({
  name: 'lakehouse.status.read',
  attributes: { action: 'read' },
});

/**
 * Submitting a job to an engine.
 * @public
 */
export const lakehouseJobSubmitPermission = createPermission({
  name: 'lakehouse.job.submit',
  attributes: { action: 'create' },
});

/**
 * The permission resource type of an engine job: actions on one job are
 * decided per job (its submitter, its catalog entity's owners, admins).
 * @public
 */
export const LAKEHOUSE_JOB_RESOURCE_TYPE = 'lakehouse-job';

/**
 * Cancelling or stopping a running job; a resource permission, so a policy can
 * allow it only to the job's owners (see `lakehouseJobResourceRef`).
 * @public
 */
export const lakehouseJobCancelPermission = createPermission({
  name: 'lakehouse.job.cancel',
  attributes: { action: 'update' },
  resourceType: LAKEHOUSE_JOB_RESOURCE_TYPE,
});

/**
 * Operating a job beyond cancelling it: Flink savepoints (trigger, stop with one) and reruns, resumed
 * from a savepoint or not. Decided per job like cancelling.
 * @public
 */
export const lakehouseJobControlPermission = createPermission({
  name: 'lakehouse.job.control',
  attributes: { action: 'update' },
  resourceType: LAKEHOUSE_JOB_RESOURCE_TYPE,
});

/**
 * Reading an Iceberg table's metadata: schema, snapshots, commits, branches and diffs (not its rows).
 * @public
 */
export const lakehouseTableReadPermission = createPermission({
  name: 'lakehouse.table.read',
  attributes: { action: 'read' },
});

/**
 * Reading an Iceberg table's rows (the sample on its page): a catalog-entity permission, decided on
 * the entity that claims the table (`lakehouse.io/iceberg-table`), so a policy can allow it to the
 * table's owners.
 * @public
 */
export const lakehouseTableReadDataPermission = createPermission({
  name: 'lakehouse.table.read-data',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Recording lineage (`POST /lineage/api/v1/lineage`): what the engines' OpenLineage transports do with a
 * static token restricted to this permission alone, so the token handed to every Spark driver can do
 * nothing else. Admin-only for users.
 * @public
 */
export const lakehouseLineageWritePermission = createPermission({
  name: 'lakehouse.lineage.write',
  attributes: { action: 'create' },
});

/**
 * The resource ref of one job, `engine/instance/jobId` (instance names have
 * no `/`; the job id is URI-encoded so any id survives the round trip).
 * @public
 */
export function lakehouseJobResourceRef(job: {
  engine: string;
  instance: string;
  jobId: string;
}): string {
  return `${job.engine}/${job.instance}/${encodeURIComponent(job.jobId)}`;
}

/**
 * The job a {@link lakehouseJobResourceRef} names, or undefined when the ref is
 * not one.
 * @public
 */
export function parseLakehouseJobResourceRef(
  ref: string,
): { engine: string; instance: string; jobId: string } | undefined {
  const parts = ref.split('/');
  if (parts.length !== 3 || parts.some(p => !p)) return undefined;
  try {
    return {
      engine: parts[0],
      instance: parts[1],
      jobId: decodeURIComponent(parts[2]),
    };
  } catch {
    return undefined;
  }
}

/**
 * The parameters of the job-ownership rule (`IS_JOB_OWNER`): the user's
 * ownership refs (their user ref and their groups); the rule matches when the
 * job's submitter or one of its entity's owners is among them.
 * @public
 */
export type LakehouseJobOwnerParams = { claims: string[] };

/** @public */
export const LAKEHOUSE_JOB_OWNER_RULE = 'IS_JOB_OWNER';

/**
 * Every permission of the lakehouse plugins, for `permissionsRegistry`.
 * @public
 */
export const lakehousePermissions = [
  lakehouseStatusReadPermission,
  lakehouseJobSubmitPermission,
  lakehouseJobCancelPermission,
  lakehouseJobControlPermission,
  lakehouseTableReadPermission,
  lakehouseTableReadDataPermission,
  lakehouseLineageWritePermission,
];
