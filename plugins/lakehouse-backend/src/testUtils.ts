/**
 * Test helpers of the lakehouse backend for other packages' tests.
 *
 * @packageDocumentation
 */
export { hostileZips, type HostileZip } from './testUtils/hostileZips';
/** The body limit of submissions, for tests that tell a 413 from a 400. */
export { MAX_PROJECT_BODY_BYTES } from '@internal/plugin-lakehouse-common';
