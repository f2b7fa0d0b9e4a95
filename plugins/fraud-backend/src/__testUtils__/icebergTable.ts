import avro from 'avsc';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { BigIntLong, type ObjectReader } from '../alerts/icebergFiles';
import type { TableMetadataLike } from '../alerts/IncrementalTableReader';

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

export interface FixtureAlert {
  user_id: string;
  rule?: string;
  window_start: number;
  window_end: number;
  event_count: number;
  detected_at?: number;
}

interface Entry {
  status: number;
  sequence: number;
  path: string;
  records: number;
}

export class FixtureTable implements ObjectReader {
  readonly objects = new Map<string, Buffer>();
  readonly reads: string[] = [];
  #uuid = 'uuid-1';
  #sequence = 0;
  #snapshots: NonNullable<TableMetadataLike['snapshots']> = [];
  /** Live manifests of the current snapshot: path -> its sequence number and entries. */
  #manifests = new Map<string, { sequence: number; entries: Entry[] }>();
  #files = 0;

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

  async #dataFile(
    rows: FixtureAlert[],
    withOptional: boolean,
  ): Promise<string> {
    const path = `s3://warehouse/fraud/alerts/data/${++this.#files}.parquet`;
    const columnData: any[] = [
      { name: 'user_id', data: rows.map(r => r.user_id), type: 'STRING' },
      {
        name: 'window_start',
        data: rows.map(r => BigInt(r.window_start * 1000)),
        type: 'INT64',
        converted_type: 'TIMESTAMP_MICROS',
      },
      {
        name: 'window_end',
        data: rows.map(r => BigInt(r.window_end * 1000)),
        type: 'INT64',
        converted_type: 'TIMESTAMP_MICROS',
      },
      {
        name: 'event_count',
        data: rows.map(r => BigInt(r.event_count)),
        type: 'INT64',
      },
    ];
    if (withOptional) {
      columnData.push(
        { name: 'rule', data: rows.map(r => r.rule ?? null), type: 'STRING' },
        {
          name: 'detected_at',
          data: rows.map(r =>
            r.detected_at === undefined ? null : BigInt(r.detected_at * 1000),
          ),
          type: 'INT64',
          converted_type: 'TIMESTAMP_MICROS',
        },
      );
    }
    this.objects.set(path, Buffer.from(parquetWriteBuffer({ columnData })));
    return path;
  }

  async #commit(operation: string) {
    const sequence = this.#sequence;
    // Beyond 2^53 like real snapshot ids, and exact as a double (the catalog's JSON gives numbers).
    const id = 2 ** 62 + sequence * 2 ** 20;
    const list = `s3://warehouse/fraud/alerts/metadata/snap-${sequence}.avro`;
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

  /** One snapshot appending one data file in its own manifest (what a Flink checkpoint commits). */
  async append(rows: FixtureAlert[], options: { withOptional?: boolean } = {}) {
    const sequence = ++this.#sequence;
    const path = await this.#dataFile(rows, options.withOptional ?? true);
    await this.#writeManifest(
      `s3://warehouse/fraud/alerts/metadata/m-${sequence}.avro`,
      sequence,
      [{ status: 1, sequence, path, records: rows.length }],
    );
    await this.#commit('append');
  }

  /** An append whose commit merges every earlier manifest into one (Iceberg's MergeAppend). */
  async appendMerging(rows: FixtureAlert[]) {
    const sequence = ++this.#sequence;
    const path = await this.#dataFile(rows, true);
    const old = [...this.#manifests.values()].flatMap(m =>
      m.entries.filter(e => e.status !== 2).map(e => ({ ...e, status: 0 })),
    );
    this.#manifests.clear();
    await this.#writeManifest(
      `s3://warehouse/fraud/alerts/metadata/merged-${sequence}.avro`,
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
    this.#uuid = `uuid-${Date.now()}`;
    this.#snapshots = [];
    this.#manifests.clear();
  }
}
