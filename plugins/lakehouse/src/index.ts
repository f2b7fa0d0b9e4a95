/**
 * The lakehouse frontend plugin: the Data platform page and the engine tab
 * and card of entity pages.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
