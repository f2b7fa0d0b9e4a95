/**
 * Shared types, annotations and permissions of the lakehouse plugins.
 *
 * @packageDocumentation
 */

export type {
  ClusterSummary,
  EngineData,
  EngineError,
  EngineKind,
  EngineSnapshot,
  JobLink,
  JobState,
  JobSummary,
  JobsPage,
  ResourceUsage,
  ServiceSummary,
} from './types';
export { ENGINE_KINDS, JOB_STATES } from './types';
export {
  LAKEHOUSE_ENGINE_ANNOTATION,
  LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION,
  LAKEHOUSE_JOB_ID_ANNOTATION,
  LAKEHOUSE_JOB_NAME_ANNOTATION,
  LAKEHOUSE_SERVE_APPLICATION_ANNOTATION,
  isLakehouseJob,
  LAKEHOUSE_ICEBERG_REF_ANNOTATION,
  LAKEHOUSE_ICEBERG_TABLE_ANNOTATION,
  LAKEHOUSE_PLATFORM_SERVICE_ANNOTATION,
  LAKEHOUSE_LINEAGE_DATASET_ANNOTATION,
  LAKEHOUSE_LINEAGE_INPUTS_ANNOTATION,
  LAKEHOUSE_LINEAGE_OUTPUTS_ANNOTATION,
} from './annotations';
export {
  LAKEHOUSE_JOB_OWNER_RULE,
  LAKEHOUSE_JOB_RESOURCE_TYPE,
  lakehouseJobCancelPermission,
  lakehouseJobControlPermission,
  lakehouseJobResourceRef,
  parseLakehouseJobResourceRef,
  lakehouseJobSubmitPermission,
  lakehouseLineageWritePermission,
  lakehousePermissions,
  lakehouseStatusReadPermission,
  lakehouseTableReadDataPermission,
  lakehouseTableReadPermission,
} from './permissions';
export type { LakehouseJobOwnerParams } from './permissions';
export {
  CUSTOM_RESOURCE_MAPPERS,
  FLINK_JOB_STATES,
  mapCustomResource,
  mapFlinkDeploymentResource,
  mapFlinkSessionJobResource,
  mapRayClusterResource,
  mapRayJobResource,
  mapRayServiceResource,
  mapSparkApplicationResource,
} from './status';
export type {
  CustomResourceCluster,
  CustomResourceMapError,
  CustomResourceMapResult,
  CustomResourceMapper,
  CustomResourceObject,
  CustomResourceRef,
  CustomResourceStatus,
  StatusField,
} from './status';
export { epochMsToIso, jobSummary, lookupState } from './status/common';
export type { StateTable } from './status/common';
export {
  MAX_PROJECT_BODY_BYTES,
  MAX_PROJECT_ZIP_BYTES,
  TERMINAL_JOB_STATES,
  describeZodError,
  ENGINE_INSTANCE_NAME_PATTERN,
  engineInstanceNameSchema,
  entrypointSchema,
  flinkResourcesSchema,
  jobNameSchema,
  memoryToMiB,
  programArgSchema,
  rayResourcesSchema,
  sparkResourcesSchema,
  submitJobRequestSchema,
} from './submit/submitRequest';
export type {
  SubmitJobInput,
  SubmitJobRequest,
  SubmitJobResult,
  WaitTarget,
} from './submit/submitRequest';
export {
  MAX_REQUIREMENTS,
  REQUIREMENTS_FILE,
  appEnvSchema,
  appSettingsShape,
  envNameSchema,
  envValueSchema,
  parseRequirementsTxt,
  requirementSchema,
  secretSourceNameSchema,
} from './submit/appSettings';
export * from './api';
