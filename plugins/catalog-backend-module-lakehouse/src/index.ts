/**
 * Catalog module: the lakehouse's Iceberg tables and long-running jobs as catalog entities, lineage as relations.
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
export { LineageProcessor } from './lineage/LineageProcessor';
