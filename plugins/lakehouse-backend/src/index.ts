/**
 * The lakehouse backend plugin: live status of the Spark, Flink and Ray engines.
 *
 * @packageDocumentation
 */

export { lakehousePlugin as default } from './plugin';
