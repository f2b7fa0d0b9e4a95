import { FixtureTable } from '../testUtils/icebergTable';
import { IncrementalTableReader } from './IncrementalTableReader';

/** A table like the fraud detector's alerts: two optional columns that old files lack. */
const COLUMNS = [
  { name: 'user_id', type: 'string' },
  { name: 'window_start', type: 'timestamptz' },
  { name: 'window_end', type: 'timestamptz' },
  { name: 'event_count', type: 'long' },
  { name: 'rule', type: 'string' },
  { name: 'detected_at', type: 'timestamptz' },
] as const;
const NAMES = COLUMNS.map(c => c.name);
const newTable = () =>
  new FixtureTable({
    location: 's3://warehouse/fraud/alerts',
    columns: [...COLUMNS],
  });

const T0 = Date.parse('2025-09-26T00:00:00Z');
const alert = (user: string, i: number, extra = {}) => ({
  user_id: user,
  rule: 'burst',
  window_start: T0 + i * 10_000,
  window_end: T0 + (i + 1) * 10_000,
  event_count: 6 + (i % 3),
  detected_at: T0 + (i + 1) * 10_000 + 1500,
  ...extra,
});

describe('IncrementalTableReader', () => {
  it('reads each appended snapshot once, opening only the new manifests and files', async () => {
    const table = newTable();
    const reader = new IncrementalTableReader(table, NAMES);
    for (let s = 0; s < 20; s++) {
      await table.append([alert(`u${s}`, 2 * s), alert(`u${s}`, 2 * s + 1)]);
    }
    const first = await reader.refresh(table.metadata());
    expect(first).toMatchObject({
      reset: true,
      newSnapshots: 20,
      dataFiles: 20,
    });
    expect(first.rows).toHaveLength(40);
    // Iceberg's types as hyparquet gives them: timestamps as Dates, longs as BigInt.
    expect(first.rows[0]).toEqual({
      user_id: 'u0',
      rule: 'burst',
      window_start: new Date(T0),
      window_end: new Date(T0 + 10_000),
      event_count: 6n,
      detected_at: new Date(T0 + 11_500),
    });

    table.reads.length = 0;
    await table.append([alert('late', 100)]);
    await table.append([alert('later', 101)]);
    const next = await reader.refresh(table.metadata());
    expect(next).toMatchObject({ reset: false, newSnapshots: 2, dataFiles: 2 });
    expect(next.rows.map(r => r.user_id)).toEqual(['late', 'later']);
    // One manifest list, the two new manifests, the two new files: nothing of the 20 earlier snapshots.
    expect(
      table.reads.filter(p => p.includes('/m-') || p.endsWith('.parquet')),
    ).toEqual([
      's3://warehouse/fraud/alerts/metadata/m-21.avro',
      's3://warehouse/fraud/alerts/metadata/m-22.avro',
      's3://warehouse/fraud/alerts/data/21.parquet',
      's3://warehouse/fraud/alerts/data/22.parquet',
    ]);
    expect(reader.snapshotsRead).toBe(22);

    table.reads.length = 0;
    expect(await reader.refresh(table.metadata())).toMatchObject({
      newSnapshots: 0,
      rows: [],
    });
    expect(table.reads).toEqual([]);
  });

  it('takes only the new file out of a merged manifest', async () => {
    const table = newTable();
    const reader = new IncrementalTableReader(table, NAMES);
    await table.append([alert('a', 1)]);
    await table.append([alert('b', 2)]);
    await reader.refresh(table.metadata());
    await table.appendMerging([alert('c', 3)]);
    const next = await reader.refresh(table.metadata());
    expect(next).toMatchObject({ reset: false, dataFiles: 1 });
    expect(next.rows.map(r => r.user_id)).toEqual(['c']);
  });

  it('reads everything again after a delete, and after the table is re-created', async () => {
    const table = newTable();
    const reader = new IncrementalTableReader(table, NAMES);
    await table.append([alert('a', 1)]);
    await table.append([alert('b', 2)]);
    await reader.refresh(table.metadata());
    await table.deleteFirstFile();
    const afterDelete = await reader.refresh(table.metadata());
    expect(afterDelete.reset).toBe(true);
    expect(afterDelete.rows.map(r => r.user_id)).toEqual(['b']);

    table.recreate();
    expect(await reader.refresh(table.metadata())).toMatchObject({
      reset: true,
      rows: [],
    });
    await table.append([alert('c', 3)]);
    expect(
      (await reader.refresh(table.metadata())).rows.map(r => r.user_id),
    ).toEqual(['c']);
  });

  it('reads an empty table (no snapshot) as no rows', async () => {
    const table = newTable();
    const reader = new IncrementalTableReader(table, NAMES);
    expect(await reader.refresh(table.metadata())).toEqual({
      reset: true,
      newSnapshots: 0,
      dataFiles: 0,
      rows: [],
    });
  });

  it('reads files without some of the columns asked for without inventing them', async () => {
    const table = newTable();
    const reader = new IncrementalTableReader(table, NAMES);
    await table.append([alert('a', 1)], {
      columns: ['user_id', 'window_start', 'window_end', 'event_count'],
    });
    const [row] = (await reader.refresh(table.metadata())).rows;
    expect(row).toEqual({
      user_id: 'a',
      window_start: new Date(T0 + 10_000),
      window_end: new Date(T0 + 20_000),
      event_count: 7n,
    });
  });

  it('reads nulls as null, and only the columns asked for', async () => {
    const table = newTable();
    const reader = new IncrementalTableReader(table, ['user_id', 'rule']);
    await table.append([alert('a', 1, { rule: null, detected_at: null })]);
    const [row] = (await reader.refresh(table.metadata())).rows;
    expect(row).toEqual({ user_id: 'a', rule: null });
  });

  it('commits nothing of a refresh that fails: the next one reads the same files again', async () => {
    const table = newTable();
    const reader = new IncrementalTableReader(table, NAMES);
    await table.append([alert('a', 1)]);
    await reader.refresh(table.metadata());
    await table.append([alert('b', 2)]);
    const file = 's3://warehouse/fraud/alerts/data/2.parquet';
    const saved = table.objects.get(file)!;
    table.objects.delete(file);
    await expect(reader.refresh(table.metadata())).rejects.toThrow(
      `NoSuchKey ${file}`,
    );
    expect(reader.snapshotsRead).toBe(1);
    table.objects.set(file, saved);
    const next = await reader.refresh(table.metadata());
    expect(next).toMatchObject({ reset: false, newSnapshots: 1 });
    expect(next.rows.map(r => r.user_id)).toEqual(['b']);
  });
});
