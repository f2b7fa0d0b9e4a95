/**
 * Types, schemas and permissions of the recommender's model versions and promotions, and of the
 * Serve application's health and answers: what `@internal/plugin-recommender-backend` serves
 * under `/api/recommender`.
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
  isoTimeSchema,
  modelMetricsSchema,
  modelVersionSchema,
  modelVersionsResponseSchema,
  promoteRequestSchema,
  promotionHistoryEntrySchema,
  promotionStateSchema,
  staleSchema,
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
export { rollbackTarget } from './promotion';
export {
  MAX_RECOMMENDATIONS,
  MAX_USERS_LIMIT,
  recommendationsQuerySchema,
  recommendationsResponseSchema,
  recommendedProductSchema,
  recommenderUserSchema,
  servedModelSchema,
  serveDeploymentSchema,
  serveHealthResponseSchema,
  USER_ID_PATTERN,
  userEventSchema,
  userIdSchema,
  usersQuerySchema,
  usersResponseSchema,
} from './serving';
export type {
  RecommendationsErrorSource,
  RecommendationsResponse,
  RecommendedProduct,
  RecommenderUser,
  ServedModel,
  ServeDeployment,
  ServeError,
  ServeErrorSource,
  ServeHealthResponse,
  UserEvent,
  UsersResponse,
} from './serving';
