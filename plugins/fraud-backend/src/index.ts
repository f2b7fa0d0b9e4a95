/**
 * The fraud dashboard's backend.
 *
 * @packageDocumentation
 */

export { fraudPlugin as default } from './plugin';
