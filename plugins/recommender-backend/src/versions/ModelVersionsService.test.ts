import { mockServices } from '@backstage/backend-test-utils';
import type { TableMetadataLike } from '@internal/plugin-lakehouse-node';
import { modelVersionSchema } from '@internal/plugin-recommender-common';
import {
  failedRow,
  modelVersionsTable,
  versionRow,
} from '../__testUtils__/recommenderData';
import { ModelVersionsService } from './ModelVersionsService';

/** The service over a table written as Iceberg lays it out, the catalog played by `loadTable`. */
function setup(options: { refreshTimeoutMs?: number } = {}) {
  const table = modelVersionsTable();
  const catalog: {
    exists: boolean;
    fail?: Error;
    hang?: boolean;
  } = { exists: true };
  const logger = mockServices.logger.mock();
  const service = new ModelVersionsService({
    source: {
      table: 'recsys.model_versions',
      files: table,
      loadTable: async (): Promise<TableMetadataLike | undefined> => {
        if (catalog.hang) return new Promise(() => {});
        if (catalog.fail) throw catalog.fail;
        return catalog.exists ? table.metadata() : undefined;
      },
    },
    logger,
    refreshTimeoutMs: options.refreshTimeoutMs,
  });
  return { table, catalog, service, logger };
}

describe('ModelVersionsService', () => {
  it('answers no versions while the table does not exist', async () => {
    const { catalog, service } = setup();
    catalog.exists = false;
    await service.refresh();
    expect(service.snapshot()).toEqual({
      table: 'recsys.model_versions',
      versions: [],
    });
  });

  it('reads every column of the training runs, newest first', async () => {
    const { table, service } = setup();
    await table.append([versionRow('rec-a', 0)]);
    await table.append([failedRow('rec-b', 5)]);
    await table.append([versionRow('rec-c', 10)]);
    await service.refresh();
    const { versions, stale } = service.snapshot();
    expect(stale).toBeUndefined();
    expect(versions.map(v => v.versionId)).toEqual(['rec-c', 'rec-b', 'rec-a']);
    expect(versions[2]).toEqual({
      versionId: 'rec-a',
      createdAt: '2026-01-02T03:04:05.000Z',
      status: 'ready',
      error: null,
      artifactUri: 's3://warehouse/models/recommender/versions/rec-a/',
      dataSource: 's3://warehouse/demo/clickstream.json',
      dataSnapshot: 'etag=abc;size=100;modified=2026-01-01T00:00:00+00:00',
      numEvents: 10_045,
      numUsers: 200,
      numProducts: 50,
      params: { epochs: 30, factors: 16, seed: 7 },
      metrics: {
        rmse: 0.91,
        precisionAt10: 0.21,
        recallAt10: 0.34,
        baselinePrecisionAt10: 0.08,
        baselineRecallAt10: 0.12,
      },
      trainingSeconds: 12.5,
      rayJobId: '02000000',
    });
    expect(versions[1]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/JSONDecodeError/),
      artifactUri: null,
      numEvents: null,
      metrics: { rmse: null, precisionAt10: null },
    });
    for (const v of versions) expect(modelVersionSchema.parse(v)).toEqual(v);
    expect(service.get('rec-b')?.status).toBe('failed');
  });

  it('reads only the new runs on later refreshes, and everything again after a rewrite', async () => {
    const { table, service } = setup();
    await table.append([versionRow('rec-a', 0)]);
    await service.refresh();
    table.reads.length = 0;
    await table.append([versionRow('rec-b', 1)]);
    await service.refresh();
    expect(service.snapshot().versions.map(v => v.versionId)).toEqual([
      'rec-b',
      'rec-a',
    ]);
    expect(table.reads.filter(r => r.endsWith('.parquet'))).toEqual([
      's3://warehouse/recsys/model_versions/data/2.parquet',
    ]);
    await table.deleteFirstFile();
    await service.refresh();
    expect(service.snapshot().versions.map(v => v.versionId)).toEqual([
      'rec-b',
    ]);
    table.recreate();
    await service.refresh();
    expect(service.snapshot().versions).toEqual([]);
  });

  it('keeps the last versions when a read fails, saying since when', async () => {
    const { table, catalog, service } = setup();
    await table.append([versionRow('rec-a', 0)]);
    await service.refresh();
    catalog.fail = new Error(
      'No answer from http://nessie/iceberg within 10 ms',
    );
    const before = Date.now();
    await service.refresh();
    const first = service.snapshot().stale!;
    expect(first.error).toBe(
      'Reading recsys.model_versions failed: No answer from http://nessie/iceberg within 10 ms',
    );
    expect(Date.parse(first.since)).toBeGreaterThanOrEqual(before - 1);
    await service.refresh();
    expect(service.snapshot().stale!.since).toBe(first.since);
    expect(service.snapshot().versions.map(v => v.versionId)).toEqual([
      'rec-a',
    ]);
    catalog.fail = undefined;
    await service.refresh();
    expect(service.snapshot().stale).toBeUndefined();
  });

  it('gives up on a refresh that hangs, marks the versions stale, and does not hold the next one', async () => {
    const { catalog, service } = setup({ refreshTimeoutMs: 100 });
    catalog.hang = true;
    const started = Date.now();
    await service.refresh();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(service.snapshot().stale?.error).toMatch(
      /did not finish within 100 ms/,
    );
    catalog.hang = false;
    await service.refresh();
    expect(service.snapshot().stale).toBeUndefined();
  });

  it('leaves out rows that are not model versions, and says so', async () => {
    const { table, service, logger } = setup();
    await table.append([
      versionRow('rec-a', 0),
      versionRow('rec-b', 1, { status: 'running' }),
      versionRow('', 2),
      versionRow('rec-d', 3, { created_at: null }),
      versionRow('rec-e', 4, { params: 'not json', rmse: Number.NaN }),
    ]);
    await service.refresh();
    expect(service.snapshot().versions.map(v => v.versionId)).toEqual([
      'rec-e',
      'rec-a',
    ]);
    expect(service.get('rec-e')).toMatchObject({
      params: null,
      metrics: { rmse: null },
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /Left out 3 row\(s\) of recsys.model_versions .* version rec-b has status 'running'/,
      ),
    );
  });

  it('keeps the ready row of a run that was also recorded as failed', async () => {
    const { table, service } = setup();
    await table.append([versionRow('rec-a', 0)]);
    await table.append([failedRow('rec-a', 0)]);
    await service.refresh();
    expect(service.get('rec-a')?.status).toBe('ready');
  });

  it('refreshes on request only when the data is older than asked', async () => {
    const { table, service } = setup();
    await service.refreshIfStale(60_000);
    await table.append([versionRow('rec-a', 0)]);
    await service.refreshIfStale(60_000);
    expect(service.snapshot().versions).toEqual([]);
    await service.refreshIfStale(0);
    expect(service.snapshot().versions).toHaveLength(1);
  });
});
