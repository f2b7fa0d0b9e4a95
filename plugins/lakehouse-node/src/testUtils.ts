/**
 * Test helpers for packages that read Iceberg tables through this package
 * (`@internal/plugin-lakehouse-node/testUtils`): a table written in memory the way Iceberg lays it
 * out, and msw stand-ins for the object store and the Iceberg REST catalog.
 *
 * @packageDocumentation
 */

export { FixtureTable } from './testUtils/icebergTable';
export type {
  FixtureColumn,
  FixtureColumnType,
  FixtureRow,
  FixtureTableOptions,
} from './testUtils/icebergTable';
export {
  InMemoryObjectStore,
  mockIcebergRestCatalog,
  passthroughTestBackend,
} from './testUtils/mockServers';
export { withTestAwsCredentials } from './testUtils/awsCredentials';
