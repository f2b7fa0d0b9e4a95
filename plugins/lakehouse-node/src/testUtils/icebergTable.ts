import avro from 'avsc';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { BigIntLong, type ObjectReader } from '../iceberg/icebergFiles';
import type { TableMetadataLike } from '../iceberg/IncrementalTableReader';

/**
 * An Iceberg (format v2) table in memory, written the way Iceberg lays it
 * out: per snapshot a manifest list (Avro) over manifests (Avro) over Parquet
 * data files. Only the fields the reader uses are written, with Iceberg's
 * field names; ids are longs beyond 2^53 as in real tables.
 */
const withBigInts = { registry: { long: BigIntLong } as any };
const manifestListType = avro.Type.forSchema(
  {
    type: 'record',
    name: 'manifest_file',
    fields: [
      { name: 'manifest_path', type: 'string' },
      { name: 'content', type: 'int' },
      { name: 'sequence_number', type: 'long' },
      { name: 'added_snapshot_id', type: 'long' },
    ],
  },
  withBigInts,
);
const manifestType = avro.Type.forSchema(
  {
    type: 'record',
    name: 'manifest_entry',
    fields: [
      { name: 'status', type: 'int' },
      { name: 'snapshot_id', type: ['null', 'long'] },
      { name: 'sequence_number', type: ['null', 'long'] },
      {
        name: 'data_file',
        type: {
          type: 'record',
          name: 'r2',
          fields: [
            { name: 'file_path', type: 'string' },
            { name: 'record_count', type: 'long' },
          ],
        },
      },
    ],
  },
  withBigInts,
);

function avroFile(type: avro.Type, records: unknown[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const encoder = new avro.streams.BlockEncoder(type, { codec: 'deflate' });
    encoder.on('data', (c: Buffer) => chunks.push(c));
    encoder.on('end', () => resolve(Buffer.concat(chunks)));
    encoder.on('error', reject);
    records.forEach(r => encoder.write(r));
    encoder.end();
  });
}

/**
 * Iceberg's primitive types as the fixture writes them to Parquet, as Iceberg's writers do:
 * `int` INT32, `long` INT64, `double` DOUBLE, `boolean` BOOLEAN, `string` UTF-8 BYTE_ARRAY,
 * `timestamptz` INT64 microseconds (logical type TIMESTAMP, UTC, MICROS).
 * @public
 */
export type FixtureColumnType =
  | 'string'
  | 'int'
  | 'long'
  | 'double'
  | 'boolean'
  | 'timestamptz';

/**
 * One column of a fixture table; every column is optional (nullable), as Iceberg writes them
 * unless declared required.
 * @public
 */
export interface FixtureColumn {
  name: string;
  type: FixtureColumnType;
}

/**
 * A row as a test gives it: column name to value. `timestamptz` takes epoch milliseconds, a
 * `Date` or an ISO 8601 string; `long` a number or a bigint; null or a missing key is null.
 * @public
 */
export type FixtureRow = Record<string, unknown>;

/** @public */
export interface FixtureTableOptions {
  /** The table's location, `s3://bucket/path` (no trailing slash). Its files are written under it. */
  location: string;
  columns: FixtureColumn[];
}

interface Entry {
  status: number;
  sequence: number;
  path: string;
  records: number;
}

function toMicros(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (value instanceof Date) return BigInt(value.getTime()) * 1000n;
  if (typeof value === 'number') return BigInt(Math.round(value)) * 1000n;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    return BigInt(Date.parse(value)) * 1000n;
  throw new Error(`Not a timestamp: ${String(value)}`);
}

const CONVERT: Record<FixtureColumnType, (v: unknown) => unknown> = {
  string: v => String(v),
  int: v => Number(v),
  long: v => BigInt(v as number | bigint),
  double: v => Number(v),
  boolean: v => Boolean(v),
  timestamptz: toMicros,
};

function schemaElement(column: FixtureColumn) {
  const base = { name: column.name, repetition_type: 'OPTIONAL' as const };
  switch (column.type) {
    case 'string':
      return {
        ...base,
        type: 'BYTE_ARRAY' as const,
        converted_type: 'UTF8' as const,
        logical_type: { type: 'STRING' as const },
      };
    case 'int':
      return { ...base, type: 'INT32' as const };
    case 'long':
      return { ...base, type: 'INT64' as const };
    case 'double':
      return { ...base, type: 'DOUBLE' as const };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' as const };
    case 'timestamptz':
      return {
        ...base,
        type: 'INT64' as const,
        converted_type: 'TIMESTAMP_MICROS' as const,
        logical_type: {
          type: 'TIMESTAMP' as const,
          isAdjustedToUTC: true,
          unit: 'MICROS' as const,
        },
      };
    default:
      throw new Error(`Unknown column type ${column.type}`);
  }
}

/**
 * An Iceberg table in memory that is also its own object store ({@link ObjectReader}): write
 * snapshots with `append`, `appendMerging`, `deleteFirstFile`, `recreate`, hand `metadata()` to
 * the reader as the catalog would, and serve `objects` (keyed by `s3://` URI) to the code under
 * test directly or through an S3 stub ({@link InMemoryObjectStore}). `reads` lists what was read.
 * @public
 */
export class FixtureTable implements ObjectReader {
  readonly objects = new Map<string, Buffer>();
  readonly reads: string[] = [];
  readonly location: string;
  readonly columns: FixtureColumn[];
  #uuid = 'uuid-1';
  #sequence = 0;
  #snapshots: NonNullable<TableMetadataLike['snapshots']> = [];
  /** Live manifests of the current snapshot: path -> its sequence number and entries. */
  #manifests = new Map<string, { sequence: number; entries: Entry[] }>();
  #files = 0;

  constructor(options: FixtureTableOptions) {
    this.location = options.location.replace(/\/+$/, '');
    this.columns = options.columns;
  }

  async read(uri: string): Promise<Buffer> {
    this.reads.push(uri);
    const object = this.objects.get(uri);
    if (!object) throw new Error(`NoSuchKey ${uri}`);
    return object;
  }

  metadata(): TableMetadataLike {
    const current = this.#snapshots[this.#snapshots.length - 1];
    return {
      'format-version': 2,
      'table-uuid': this.#uuid,
      'current-snapshot-id': current?.['snapshot-id'] ?? null,
      snapshots: [...this.#snapshots],
    };
  }

  async #dataFile(rows: FixtureRow[], only?: string[]): Promise<string> {
    const path = `${this.location}/data/${++this.#files}.parquet`;
    const columns = only
      ? this.columns.filter(c => only.includes(c.name))
      : this.columns;
    const columnData = columns.map(column => ({
      name: column.name,
      data: rows.map(r =>
        r[column.name] === null || r[column.name] === undefined
          ? null
          : CONVERT[column.type](r[column.name]),
      ),
    }));
    const schema = [
      { name: 'root', num_children: columns.length },
      ...columns.map(schemaElement),
    ];
    this.objects.set(
      path,
      Buffer.from(parquetWriteBuffer({ columnData, schema } as any)),
    );
    return path;
  }

  async #commit(operation: string) {
    const sequence = this.#sequence;
    // Beyond 2^53 like real snapshot ids, and exact as a double (the catalog's JSON gives numbers).
    const id = 2 ** 62 + sequence * 2 ** 20;
    const list = `${this.location}/metadata/snap-${sequence}.avro`;
    const manifests = [...this.#manifests.entries()].map(([path, m]) => ({
      manifest_path: path,
      content: 0,
      sequence_number: BigInt(m.sequence),
      added_snapshot_id: BigInt(id),
    }));
    this.objects.set(list, await avroFile(manifestListType, manifests));
    const parent =
      this.#snapshots[this.#snapshots.length - 1]?.['snapshot-id'] ?? null;
    this.#snapshots.push({
      'snapshot-id': id,
      'parent-snapshot-id': parent,
      'sequence-number': sequence,
      'timestamp-ms': 1_700_000_000_000 + sequence * 1000,
      'manifest-list': list,
      summary: { operation },
    });
  }

  async #writeManifest(path: string, sequence: number, entries: Entry[]) {
    this.objects.set(
      path,
      await avroFile(
        manifestType,
        entries.map(e => ({
          status: e.status,
          snapshot_id: null,
          // Added entries inherit the manifest's sequence number (null), as Iceberg writes them.
          sequence_number: e.status === 1 ? null : BigInt(e.sequence),
          data_file: { file_path: e.path, record_count: BigInt(e.records) },
        })),
      ),
    );
    this.#manifests.set(path, { sequence, entries });
  }

  /**
   * One snapshot appending one data file in its own manifest (what a Flink checkpoint or a
   * pyiceberg append commits). `columns`: write only these (a file from before a column was added).
   */
  async append(rows: FixtureRow[], options: { columns?: string[] } = {}) {
    const sequence = ++this.#sequence;
    const path = await this.#dataFile(rows, options.columns);
    await this.#writeManifest(
      `${this.location}/metadata/m-${sequence}.avro`,
      sequence,
      [{ status: 1, sequence, path, records: rows.length }],
    );
    await this.#commit('append');
  }

  /** An append whose commit merges every earlier manifest into one (Iceberg's MergeAppend). */
  async appendMerging(rows: FixtureRow[]) {
    const sequence = ++this.#sequence;
    const path = await this.#dataFile(rows);
    const old = [...this.#manifests.values()].flatMap(m =>
      m.entries.filter(e => e.status !== 2).map(e => ({ ...e, status: 0 })),
    );
    this.#manifests.clear();
    await this.#writeManifest(
      `${this.location}/metadata/merged-${sequence}.avro`,
      sequence,
      [...old, { status: 1, sequence, path, records: rows.length }],
    );
    await this.#commit('append');
  }

  /** Deletes the first data file (a row-level change the reader cannot apply incrementally). */
  async deleteFirstFile() {
    const sequence = ++this.#sequence;
    const [firstPath, first] = [...this.#manifests.entries()][0];
    await this.#writeManifest(
      firstPath.replace('.avro', `-d${sequence}.avro`),
      sequence,
      [{ ...first.entries[0], status: 2 }],
    );
    this.#manifests.delete(firstPath);
    await this.#commit('delete');
  }

  /** Drop and re-create: a new table uuid, no snapshots. */
  recreate() {
    this.#uuid = `uuid-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    this.#snapshots = [];
    this.#manifests.clear();
  }
}
