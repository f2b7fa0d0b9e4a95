import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The catalog entity that serves the recommender's models (the Ray Serve app's component), by
 * default: promotions are decided on it (`recommender.servingEntity` in app-config).
 * @public
 */
export const DEFAULT_RECOMMENDER_SERVING_ENTITY =
  'component:default/recommendation-service';

/**
 * Reading the model versions and which one is promoted.
 * @public
 */
export const recommenderModelReadPermission = createPermission({
  name: 'recommender.model.read',
  attributes: { action: 'read' },
});

/**
 * Promoting a model version (or rolling back to the previous one): what the serving app loads.
 * A resource permission on the serving app's catalog entity, so that a policy can answer with
 * the catalog's conditions (e.g. `isEntityOwner`), which the catalog evaluates on that entity.
 * @public
 */
export const recommenderModelPromotePermission = createPermission({
  name: 'recommender.model.promote',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const recommenderPermissions = [
  recommenderModelReadPermission,
  recommenderModelPromotePermission,
];
