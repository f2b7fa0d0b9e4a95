import { FixtureTable } from '@internal/plugin-lakehouse-node/testUtils';
import type { IcebergMetadata } from './NessieClient';
import { readSampleRows, toCell } from './sampleRows';

function fixture() {
  return new FixtureTable({
    location: 's3://warehouse/probe/t1',
    columns: [
      { name: 'id', type: 'long' },
      { name: 'user', type: 'string' },
      { name: 'at', type: 'timestamptz' },
    ],
  });
}

const current = (t: FixtureTable) => {
  const metadata = t.metadata() as unknown as IcebergMetadata;
  return { metadata, id: String(metadata['current-snapshot-id']) };
};

describe('readSampleRows', () => {
  it('reads the first rows across data files, stopping once it has enough', async () => {
    const table = fixture();
    await table.append([
      { id: 1, user: 'ada', at: '2026-12-01T08:00:00Z' },
      { id: 2, user: null, at: '2026-12-01T08:00:01Z' },
    ]);
    await table.append([{ id: 3, user: 'bob', at: '2026-12-01T08:00:02Z' }]);
    await table.append([{ id: 4, user: 'cy', at: '2026-12-01T08:00:03Z' }]);
    const { metadata, id } = current(table);
    table.reads.length = 0;

    const sample = await readSampleRows(
      metadata,
      id,
      ['id', 'user', 'at'],
      3,
      table,
    );
    expect(sample.truncated).toBe(true);
    expect(sample.rows).toHaveLength(3);
    expect(sample.rows.map(r => r.id)).toEqual([1, 2, 3]);
    expect(sample.rows.find(r => r.id === 2)).toEqual({
      id: 2,
      user: null,
      at: '2026-12-01T08:00:01.000Z',
    });
    // One manifest list, the manifests, and only the data files it needed.
    expect(table.reads.filter(r => r.endsWith('.parquet')).length).toBeLessThan(
      3,
    );

    const all = await readSampleRows(metadata, id, ['id'], 10, table);
    expect([all.rows.length, all.truncated]).toEqual([4, false]);
    const exact = await readSampleRows(metadata, id, ['id'], 4, table);
    expect([exact.rows.length, exact.truncated]).toEqual([4, false]);
    const inFile = await readSampleRows(metadata, id, ['id'], 1, table);
    expect([inFile.rows, inFile.truncated]).toEqual([[{ id: 1 }], true]);
  });

  it('leaves out files deleted from the snapshot', async () => {
    const table = fixture();
    await table.append([{ id: 1, user: 'gone', at: 0 }]);
    await table.append([{ id: 2, user: 'kept', at: 0 }]);
    await table.deleteFirstFile();
    const { metadata, id } = current(table);
    const sample = await readSampleRows(metadata, id, ['user'], 10, table);
    expect(sample.rows).toEqual([{ user: 'kept' }]);
  });

  it('has no rows for an unknown snapshot', async () => {
    const table = fixture();
    await table.append([{ id: 1, user: 'a', at: 0 }]);
    const { metadata } = current(table);
    expect(await readSampleRows(metadata, '42', ['id'], 5, table)).toEqual({
      rows: [],
      truncated: false,
    });
  });
});

describe('toCell', () => {
  it('keeps scalars, makes 64-bit integers, dates, bytes and nested values text, and cuts long text', () => {
    expect(toCell(12n)).toBe(12);
    expect(toCell(2n ** 62n)).toBe('4611686018427387904');
    expect(toCell(new Date('2026-12-01T08:00:00Z'))).toBe(
      '2026-12-01T08:00:00.000Z',
    );
    expect(toCell(new Uint8Array(3))).toBe('<3 bytes>');
    expect(toCell([1.5, 2n])).toBe('[1.5,2]');
    expect(toCell({ a: { b: true } })).toBe('{"a":{"b":true}}');
    expect(toCell(NaN)).toBe('NaN');
    expect(toCell(undefined)).toBeNull();
    expect(String(toCell('x'.repeat(600))).length).toBe(501);
  });
});
