/**
 * The lakehouse backend plugin: live status of the Spark, Flink and Ray engines.
 *
 * @packageDocumentation
 */

export { lakehousePlugin as default } from './plugin';
/** Where OpenLineage's HTTP transport posts, under the plugin's base URL (deployments point engines at it). */
export { OPENLINEAGE_EVENTS_PATH } from './lineage/lineageRoutes';
