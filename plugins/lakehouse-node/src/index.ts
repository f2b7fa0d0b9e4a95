/**
 * The lakehouse jobs API as a backend service, for plugins and modules that
 * submit, watch or cancel jobs on behalf of a user (the scaffolder actions).
 *
 * @packageDocumentation
 */

export { lakehouseJobsServiceRef } from './lakehouseJobsServiceRef';
export type {
  LakehouseJobDetail,
  LakehouseJobsService,
  LakehousePublishedProject,
  LakehouseSubmitInput,
} from './LakehouseJobsClient';
export { LakehouseJobsClient } from './LakehouseJobsClient';
export { ReadPermissionGate } from './ReadPermissionGate';
export {
  createLakehouseJobConditionalDecision,
  isJobOwnerRule,
  lakehouseJobConditions,
  lakehouseJobPermissionResourceRef,
} from './jobPermissions';
export type { LakehouseJobQuery, LakehouseJobResource } from './jobPermissions';
