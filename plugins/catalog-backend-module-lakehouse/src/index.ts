/**
 * Catalog module: the lakehouse's Iceberg tables as catalog entities.
 *
 * @packageDocumentation
 */
export { catalogModuleLakehouse as default } from './module';
export { IcebergTableEntityProvider } from './IcebergTableEntityProvider';
export {
  ICEBERG_TABLE_ANNOTATION,
  TABLE_LOCATION_ANNOTATION,
  TABLE_UUID_ANNOTATION,
} from './tableEntity';
export { LongRunningJobEntityProvider } from './LongRunningJobEntityProvider';
export type { JobClaim } from './LongRunningJobEntityProvider';
export { isLongRunning, jobEntityName } from './jobEntity';
