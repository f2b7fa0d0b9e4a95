/**
 * Test helpers for pages built on the lakehouse API (`@internal/plugin-lakehouse-react/testUtils`).
 *
 * @packageDocumentation
 */

export { lakehouseApiPair } from './__testUtils__/api';
export { BASE_URL as LAKEHOUSE_TEST_BASE_URL } from './__testUtils__/fixtures';
