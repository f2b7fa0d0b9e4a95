import type { ObjectReader } from './icebergFiles';
import { readAvro, readParquet } from './icebergFiles';

/**
 * The parts of Iceberg table metadata this reader uses (what the REST catalog's loadTable returns).
 * @public
 */
export interface TableMetadataLike {
  'format-version': number;
  'table-uuid': string;
  'current-snapshot-id'?: number | null;
  snapshots?: {
    'snapshot-id': number;
    'parent-snapshot-id'?: number | null;
    'sequence-number'?: number;
    'timestamp-ms': number;
    'manifest-list': string;
    summary?: { operation?: string };
  }[];
}

/** @public */
export interface RefreshResult {
  /** True when everything was read again (first read, table replaced, rows deleted or rewritten). */
  reset: boolean;
  newSnapshots: number;
  dataFiles: number;
  rows: Record<string, unknown>[];
  lastCommitMs?: number;
}

const DATA = 0; // manifest content: data files (1 = delete files)
const DELETED = 2; // manifest entry status

/**
 * Reads an Iceberg table incrementally: each refresh reads only the data
 * files committed after the last sequence number it saw. A file is new when
 * its data sequence number is; manifests written no later than that are not
 * opened at all, so an append costs one manifest list, the new manifests and
 * the new files however long the table's history. Merged manifests are
 * handled (old entries keep their sequence numbers). Anything but appends
 * (deletes, overwrites) and format-version 1 tables fall back to a full read.
 * @public
 */
export class IncrementalTableReader {
  #tableUuid?: string;
  #lastSequence = -1;
  #lastSnapshotId?: number;
  #snapshots = 0;

  constructor(
    private readonly files: ObjectReader,
    private readonly columns: string[],
  ) {}

  get snapshotsRead(): number {
    return this.#snapshots;
  }

  /**
   * `signal`: the caller gave up on this refresh (it hung past its timeout); reads stop and nothing
   * is committed, so the next refresh starts from the same point.
   */
  async refresh(
    metadata: TableMetadataLike,
    signal?: AbortSignal,
  ): Promise<RefreshResult> {
    const read = (uri: string) => this.files.read(uri, signal);
    const snapshots = metadata.snapshots ?? [];
    const current = snapshots.find(
      s => s['snapshot-id'] === metadata['current-snapshot-id'],
    );
    const replaced = metadata['table-uuid'] !== this.#tableUuid;
    if (!current) {
      // A table without snapshots has no rows.
      if (replaced) this.#start(metadata['table-uuid']);
      return { reset: replaced, newSnapshots: 0, dataFiles: 0, rows: [] };
    }
    const sequence = current['sequence-number'];
    if (!replaced && current['snapshot-id'] === this.#lastSnapshotId) {
      return {
        reset: false,
        newSnapshots: 0,
        dataFiles: 0,
        rows: [],
        lastCommitMs: current['timestamp-ms'],
      };
    }
    const chain = this.#newChain(snapshots, current);
    const full =
      replaced ||
      metadata['format-version'] < 2 ||
      sequence === undefined ||
      chain.some(s => (s.summary?.operation ?? 'append') !== 'append');
    const since = full ? -1 : this.#lastSequence;

    const manifests = (
      await readAvro(await read(current['manifest-list']))
    ).filter(
      m =>
        (m.content ?? DATA) === DATA && Number(m.sequence_number ?? 0) > since,
    );
    const dataFiles: string[] = [];
    for (const manifest of manifests) {
      const manifestSequence = Number(manifest.sequence_number ?? 0);
      for (const entry of await readAvro(await read(manifest.manifest_path))) {
        const dataSequence = Number(entry.sequence_number ?? manifestSequence);
        if (entry.status !== DELETED && dataSequence > since) {
          dataFiles.push(entry.data_file.file_path);
        }
      }
    }
    const rows: Record<string, unknown>[] = [];
    for (const path of dataFiles) {
      if (!/\.parquet$/i.test(path)) {
        throw new Error(`Only Parquet data files are supported, not ${path}`);
      }
      rows.push(...(await readParquet(await read(path), this.columns)));
    }
    // Committed only once everything was read: a failed or abandoned refresh leaves the state as it was.
    signal?.throwIfAborted();
    if (full) this.#start(metadata['table-uuid']);
    this.#lastSequence = sequence ?? -1;
    this.#lastSnapshotId = current['snapshot-id'];
    this.#snapshots = full ? snapshots.length : this.#snapshots + chain.length;
    return {
      reset: full,
      newSnapshots: full ? snapshots.length : chain.length,
      dataFiles: dataFiles.length,
      rows,
      lastCommitMs: current['timestamp-ms'],
    };
  }

  #start(uuid: string) {
    this.#tableUuid = uuid;
    this.#lastSequence = -1;
    this.#lastSnapshotId = undefined;
    this.#snapshots = 0;
  }

  /** The snapshots from the current one back to (not including) the last one read. */
  #newChain(
    snapshots: NonNullable<TableMetadataLike['snapshots']>,
    current: NonNullable<TableMetadataLike['snapshots']>[number],
  ) {
    const byId = new Map(snapshots.map(s => [s['snapshot-id'], s]));
    const chain = [];
    for (
      let s: typeof current | undefined = current;
      s && s['snapshot-id'] !== this.#lastSnapshotId;
      s =
        s['parent-snapshot-id'] !== null &&
        s['parent-snapshot-id'] !== undefined
          ? byId.get(s['parent-snapshot-id'])
          : undefined
    ) {
      chain.push(s);
    }
    return chain;
  }
}
