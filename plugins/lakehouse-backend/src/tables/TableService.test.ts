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

/** The metadata file as the object store has it (64-bit ids as JSON numbers), for `tableAnswer(options)`. */
const metadataFile = (options: { snapshots?: number } = {}) => {
  const answer = tableAnswer(options);
  return answer.slice(answer.indexOf('"metadata": ') + 12, -1);
};

function recordingReader(files: Record<string, string>) {
  const reads: string[] = [];
  return {
    reads,
    files: {
      read: async (uri: string) => {
        reads.push(uri);
        if (uri in files) return Buffer.from(files[uri]);
        throw new Error(`NoSuchKey ${uri}`);
      },
    },
  };
}

describe('TableService.commits', () => {
  it("takes each commit's snapshot from the table's current metadata, reading no metadata file", async () => {
    server.use(...nessieHandlers());
    const { reads, files } = recordingReader({});
    const history = await new TableService(config, { files }).commits(
      'probe.t1',
      50,
    );
    expect(reads).toEqual([]);
    expect(history.snapshotError).toBeUndefined();
    expect(history.commits.map(c => c.snapshot)).toEqual([
      expect.objectContaining({
        id: SNAPSHOT_IDS[1],
        parentId: SNAPSHOT_IDS[0],
        operation: 'overwrite',
        totalRecords: 11,
      }),
      expect.objectContaining({ id: SNAPSHOT_IDS[0], operation: 'append' }),
    ]);
  });

  it("reads an expired snapshot from its commit's metadata file, once", async () => {
    server.use(...nessieHandlers({ expired: 1 }));
    expect(JSON.parse(metadataFile({ snapshots: 1 }))['table-uuid']).toBe(
      JSON.parse(tableAnswer()).metadata['table-uuid'],
    );
    const { reads, files } = recordingReader({
      [METADATA_AT.create]: metadataFile({ snapshots: 1 }),
    });
    const service = new TableService(config, { files });
    for (let i = 0; i < 2; i++) {
      const history = await service.commits('probe.t1', 50);
      expect(history.commits[0].snapshot?.id).toBe(SNAPSHOT_IDS[1]);
      expect(history.commits[1].snapshot).toEqual(
        expect.objectContaining({
          id: SNAPSHOT_IDS[0],
          operation: 'append',
          totalRecords: 10,
        }),
      );
    }
    // Metadata files are immutable: the second page view reads nothing.
    expect(reads).toEqual([METADATA_AT.create]);
  });

  it('leaves a commit whose metadata file cannot be read without its snapshot, and says why', async () => {
    server.use(...nessieHandlers({ expired: 1 }));
    const { files } = recordingReader({});
    const history = await new TableService(config, { files }).commits(
      'probe.t1',
      50,
    );
    expect(history.commits[0].snapshot?.id).toBe(SNAPSHOT_IDS[1]);
    expect(history.commits[1].snapshot).toBeUndefined();
    expect(history.snapshotError).toBe(
      `1 commit(s) without their snapshot: NoSuchKey ${METADATA_AT.create}`,
    );
  });
});
