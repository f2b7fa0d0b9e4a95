/**
 * The lakehouse jobs API as a backend service, for plugins and modules that
 * submit, watch or cancel jobs on behalf of a user (the scaffolder actions);
 * the read-permission cache and the audited-action path the backends share;
 * and the bounded Iceberg table reader (REST catalog and object store).
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
export { CachedPermissionGate } from './CachedPermissionGate';
export {
  createLakehouseJobConditionalDecision,
  isJobOwnerRule,
  lakehouseJobConditions,
  lakehouseJobPermissionResourceRef,
} from './jobPermissions';
export type { LakehouseJobQuery, LakehouseJobResource } from './jobPermissions';
export {
  AuditedActions,
  boundAuditMeta,
  requireUserRef,
} from './audit/AuditedActions';
export type { AuditedAction, CallContext } from './audit/AuditedActions';
export { redactDeep, redactSecrets, registerSecret } from './audit/redact';
export { runWithTimeout } from './iceberg/runWithTimeout';
export { SharedRefresh } from './iceberg/SharedRefresh';
export { boundedFetch, describeAbort, readCapped } from './iceberg/boundedIo';
export {
  BigIntLong,
  readAvro,
  parquetTimestampMs,
  readObjectBody,
  readParquet,
  S3ObjectReader,
} from './iceberg/icebergFiles';
export type { ObjectReader, ObjectReadLimits } from './iceberg/icebergFiles';
export { IncrementalTableReader } from './iceberg/IncrementalTableReader';
export type {
  RefreshResult,
  TableMetadataLike,
} from './iceberg/IncrementalTableReader';
export {
  createObjectStoreClient,
  icebergRestTable,
} from './iceberg/icebergRestTable';
export type {
  IcebergTableConfig,
  IcebergTableSource,
  ObjectStoreConfig,
} from './iceberg/icebergRestTable';
export {
  parseTableName,
  readIcebergTableConfig,
  readObjectStoreConfig,
  readPositiveDurationMs,
  readEntityRef,
  readKeyPrefix,
} from './iceberg/config';
export {
  S3ObjectStore,
  type ObjectStore,
  type StoredObject,
  type WriteCondition,
} from './objectStore/S3ObjectStore';
