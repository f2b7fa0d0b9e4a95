import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import {
  METADATA_AT,
  NESSIE,
  nessieHandlers,
  SNAPSHOT_IDS,
  tableAnswer,
} from '../__testUtils__/nessieFixture';
import { TableService } from './TableService';

const server = setupServer();
registerMswTestHooks(server);

const config = {
  nessieUrl: NESSIE,
  warehouse: 'warehouse',
  timeoutMs: 2_000,
  objectStore: {
    region: 'us-east-1',
    forcePathStyle: true,
    maxObjectBytes: 1 << 20,
  },
};

describe('TableService.commits', () => {
  it("gives each commit the table's snapshot at that commit, from its metadata file", async () => {
    server.use(...nessieHandlers());
    const metadata = JSON.parse(tableAnswer()).metadata;
    // The metadata file as the object store has it: 64-bit ids as JSON numbers.
    const file = tableAnswer().slice(
      tableAnswer().indexOf('"metadata": ') + 12,
      -1,
    );
    expect(JSON.parse(file)['table-uuid']).toBe(metadata['table-uuid']);
    const reads: string[] = [];
    const service = new TableService(config, {
      files: {
        read: async uri => {
          reads.push(uri);
          if (uri === METADATA_AT.update) return Buffer.from(file);
          throw new Error(`NoSuchKey ${uri}`);
        },
      },
    });
    const history = await service.commits('probe.t1', 50);
    expect(reads.sort()).toEqual([METADATA_AT.create, METADATA_AT.update]);
    expect(history.commits[0].snapshot).toEqual(
      expect.objectContaining({
        id: SNAPSHOT_IDS[1],
        parentId: SNAPSHOT_IDS[0],
        operation: 'overwrite',
        totalRecords: 11,
      }),
    );
    // A metadata file that cannot be read leaves that commit without its snapshot, and says why.
    expect(history.commits[1].snapshot).toBeUndefined();
    expect(history.snapshotError).toBe(
      `1 commit(s) without their snapshot: NoSuchKey ${METADATA_AT.create}`,
    );
  });
});
