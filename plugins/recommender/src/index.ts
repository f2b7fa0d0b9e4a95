/**
 * The Recommendations page frontend plugin.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
