import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { FixtureTable } from '../testUtils/icebergTable';
import { withTestAwsCredentials } from '../testUtils/awsCredentials';
import {
  InMemoryObjectStore,
  mockIcebergRestCatalog,
} from '../testUtils/mockServers';
import { icebergRestTable } from './icebergRestTable';
import { IncrementalTableReader } from './IncrementalTableReader';

const CATALOG = 'http://nessie.test:19120/iceberg';
const S3 = 'http://s3.test:8333';
const server = setupServer();
registerMswTestHooks(server);

const config = {
  catalogUri: CATALOG,
  warehouse: 'warehouse',
  namespace: ['recsys'],
  tableName: 'model_versions',
  timeoutMs: 2_000,
  objectStore: {
    endpoint: S3,
    region: 'us-east-1',
    forcePathStyle: true,
    maxObjectBytes: 1024 * 1024,
  },
};

describe('icebergRestTable', () => {
  withTestAwsCredentials();

  function setup() {
    const tables = new Map<string, FixtureTable>();
    const state = { down: false };
    const store = new InMemoryObjectStore({ endpoint: S3 });
    server.use(
      ...mockIcebergRestCatalog({ baseUrl: CATALOG, tables, state }),
      ...store.handlers(),
    );
    return { tables, state, store };
  }

  it('reads a table through the catalog (with its path prefix) and the object store', async () => {
    const { tables, store } = setup();
    const table = new FixtureTable({
      location: 's3://warehouse/recsys/model_versions',
      columns: [
        { name: 'version_id', type: 'string' },
        { name: 'num_users', type: 'int' },
      ],
    });
    await table.append([{ version_id: 'v1', num_users: 3 }]);
    tables.set('recsys.model_versions', table);
    store.addSource(table);

    const source = icebergRestTable(config);
    expect(source.table).toBe('recsys.model_versions');
    const metadata = await source.loadTable();
    expect(metadata?.['table-uuid']).toBe('uuid-1');
    const reader = new IncrementalTableReader(source.files, [
      'version_id',
      'num_users',
    ]);
    expect((await reader.refresh(metadata!)).rows).toEqual([
      { version_id: 'v1', num_users: 3 },
    ]);
    expect(store.requests[0]).toBe(
      'GET s3://warehouse/recsys/model_versions/metadata/snap-1.avro',
    );
  });

  it('answers undefined for a table that does not exist', async () => {
    setup();
    await expect(icebergRestTable(config).loadTable()).resolves.toBeUndefined();
  });

  it('fails while the catalog is down, and finds the table once it is back (no guessed prefix kept)', async () => {
    const { tables, state } = setup();
    const table = new FixtureTable({
      location: 's3://warehouse/recsys/model_versions',
      columns: [{ name: 'version_id', type: 'string' }],
    });
    tables.set('recsys.model_versions', table);
    const source = icebergRestTable(config);
    state.down = true;
    await expect(source.loadTable()).rejects.toThrow(/catalog unavailable/);
    state.down = false;
    await expect(source.loadTable()).resolves.toMatchObject({
      'table-uuid': 'uuid-1',
    });
  });

  it('refuses an object bigger than the limit', async () => {
    const { store } = setup();
    store.put('s3://warehouse/big', Buffer.alloc(2 * 1024 * 1024));
    await expect(
      icebergRestTable(config).files.read('s3://warehouse/big'),
    ).rejects.toThrow(/larger than 1048576 bytes: refused/);
  });
});
