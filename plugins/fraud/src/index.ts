/**
 * The fraud dashboard frontend plugin.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
