/**
 * Types, schemas and permissions of the recommender's model versions and promotions: what
 * `@internal/plugin-recommender-backend` serves under `/api/recommender`.
 *
 * @packageDocumentation
 */

export {
  DEFAULT_RECOMMENDER_SERVING_ENTITY,
  recommenderModelPromotePermission,
  recommenderModelReadPermission,
  recommenderPermissions,
} from './permissions';
export {
  modelMetricsSchema,
  modelVersionSchema,
  modelVersionsResponseSchema,
  promoteRequestSchema,
  promotionHistoryEntrySchema,
  promotionStateSchema,
  VERSION_ID_PATTERN,
  versionIdSchema,
} from './schemas';
export type {
  ModelMetrics,
  ModelVersion,
  ModelVersionsResponse,
  PromoteRequest,
  PromotionHistoryEntry,
  PromotionState,
} from './schemas';
