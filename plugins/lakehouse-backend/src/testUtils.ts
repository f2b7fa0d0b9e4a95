/**
 * Test helpers of the lakehouse backend for other packages' tests.
 *
 * @packageDocumentation
 */
export { hostileZips, type HostileZip } from './testUtils/hostileZips';
