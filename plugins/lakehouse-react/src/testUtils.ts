/**
 * Test helpers for pages built on the lakehouse API (`@internal/plugin-lakehouse-react/testUtils`).
 *
 * @packageDocumentation
 */

export {
  LAKEHOUSE_TEST_BASE_URL,
  lakehouseApiPair,
} from './testUtils/lakehouseApiPair';
