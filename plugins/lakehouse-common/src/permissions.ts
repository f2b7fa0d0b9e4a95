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
 * Cancelling or stopping a running job.
 * @public
 */
export const lakehouseJobCancelPermission = createPermission({
  name: 'lakehouse.job.cancel',
  attributes: { action: 'update' },
});

/**
 * Every permission of the lakehouse plugins, for `permissionsRegistry`.
 * @public
 */
export const lakehousePermissions = [
  lakehouseStatusReadPermission,
  lakehouseJobSubmitPermission,
  lakehouseJobCancelPermission,
];
