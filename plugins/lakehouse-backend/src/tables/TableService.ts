import { NotFoundError } from '@backstage/errors';
import type {
  NessieRefsResponse,
  TableCommitsResponse,
  TableDetailResponse,
  TableDiffResponse,
  TableHistoryEntry,
  TableRowsResponse,
  TableSnapshot,
} from '@internal/plugin-lakehouse-common';
import {
  createObjectStoreClient,
  S3ObjectReader,
  type ObjectReader,
} from '@internal/plugin-lakehouse-node';
import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import {
  NessieClient,
  parseJsonExact,
  type IcebergMetadata,
} from './NessieClient';
import { readSampleRows } from './sampleRows';
import { currentSnapshotId, snapshotsOf, tableDetail } from './tableDetail';
import { tableDiff } from './tableDiff';
import type { TablesConfig } from './tablesConfig';

/**
 * The Iceberg tables of the configured Nessie, read on request (a page opening, not a poll): metadata
 * from the Iceberg REST catalog at a branch or tag, commits and references from Nessie's API, sample
 * rows from the object store. Permissions are the routes' concern.
 */
export class TableService {
  readonly #nessie: NessieClient;
  readonly #files: ObjectReader;
  /**
   * The current snapshot of each metadata file read for a commit ('none': it had none). Iceberg never rewrites a
   * metadata file, so an entry stays true; bounded in count, each entry is one snapshot.
   */
  readonly #snapshotsAt = new LRUCache<string, TableSnapshot | 'none'>({
    max: 5_000,
  });

  constructor(config: TablesConfig, options: { files?: ObjectReader } = {}) {
    this.#nessie = new NessieClient(config);
    this.#files =
      options.files ??
      new S3ObjectReader(
        createObjectStoreClient(config.objectStore, config.timeoutMs),
        {
          timeoutMs: config.timeoutMs,
          maxBytes: config.objectStore.maxObjectBytes,
        },
      );
  }

  async references(): Promise<NessieRefsResponse> {
    const [defaultBranch, references] = await Promise.all([
      this.#nessie.defaultBranch(),
      this.#nessie.references(),
    ]);
    return {
      defaultBranch,
      references: references.sort(
        (a, b) =>
          Number(b.name === defaultBranch) - Number(a.name === defaultBranch) ||
          a.type.localeCompare(b.type) ||
          a.name.localeCompare(b.name),
      ),
    };
  }

  async detail(table: string, ref?: string): Promise<TableDetailResponse> {
    const at = ref ?? (await this.#nessie.defaultBranch());
    return tableDetail(table, at, await this.#load(table, at));
  }

  async commits(
    table: string,
    limit: number,
    ref?: string,
  ): Promise<TableCommitsResponse> {
    const at = ref ?? (await this.#nessie.defaultBranch());
    const [page, current] = await Promise.all([
      this.#nessie.tableCommits(at, table, limit),
      // Only a shortcut: without it, each commit's own metadata file is read.
      this.#nessie.loadTable(at, table).catch(() => undefined),
    ]);
    // A commit's snapshot is, until it expires, also in the table's current metadata: one read for the
    // page instead of one metadata file per commit (each as long as the snapshot list).
    const kept = new Map(
      (current ? snapshotsOf(current) : []).map(s => [s.id, s]),
    );
    const errors: string[] = [];
    const limitReads = pLimit(8);
    const commits = await Promise.all(
      page.commits.map(({ metadataLocation, snapshotId, ...commit }) =>
        limitReads(async (): Promise<TableHistoryEntry> => {
          if (snapshotId === '-1' || !metadataLocation) return commit;
          const known = snapshotId && kept.get(snapshotId);
          if (known) return { ...commit, snapshot: known };
          try {
            const snapshot = await this.#snapshotAt(metadataLocation);
            return snapshot ? { ...commit, snapshot } : commit;
          } catch (e) {
            errors.push((e as Error).message);
            return commit;
          }
        }),
      ),
    );
    return {
      table,
      ref: at,
      commits,
      hasMore: page.hasMore,
      ...(errors.length > 0 && {
        snapshotError: `${errors.length} commit(s) without their snapshot: ${errors[0]}`,
      }),
    };
  }

  /** The current snapshot of the table metadata file at `location`. */
  async #snapshotAt(location: string): Promise<TableSnapshot | undefined> {
    const cached = this.#snapshotsAt.get(location);
    if (cached) return cached === 'none' ? undefined : cached;
    const metadata = parseJsonExact(
      (await this.#files.read(location)).toString('utf8'),
    ) as IcebergMetadata;
    const current = currentSnapshotId(metadata);
    const snapshot = snapshotsOf(metadata).find(s => s.id === current);
    this.#snapshotsAt.set(location, snapshot ?? 'none');
    return snapshot;
  }

  async diff(
    table: string,
    from: string,
    to: string,
  ): Promise<TableDiffResponse> {
    const [before, after] = await Promise.all([
      this.#nessie.loadTable(from, table),
      this.#nessie.loadTable(to, table),
    ]);
    if (!before && !after) {
      throw new NotFoundError(
        `Table ${table} exists neither at ${from} nor at ${to}`,
      );
    }
    return tableDiff(
      table,
      { ref: from, detail: before && tableDetail(table, from, before) },
      { ref: to, detail: after && tableDetail(table, to, after) },
    );
  }

  async rows(
    table: string,
    limit: number,
    ref?: string,
  ): Promise<TableRowsResponse> {
    const at = ref ?? (await this.#nessie.defaultBranch());
    const metadata = await this.#load(table, at);
    const detail = tableDetail(table, at, metadata);
    const columns = detail.fields.filter(f => f.depth === 0).map(f => f.name);
    const snapshotId = currentSnapshotId(metadata);
    const sample = snapshotId
      ? await readSampleRows(metadata, snapshotId, columns, limit, this.#files)
      : { rows: [], truncated: false };
    return {
      table,
      ref: at,
      ...(snapshotId && { snapshotId }),
      columns,
      ...sample,
    };
  }

  async #load(table: string, ref: string) {
    const metadata = await this.#nessie.loadTable(ref, table);
    if (!metadata) {
      throw new NotFoundError(`No table ${table} at ${ref} in Nessie`);
    }
    return metadata;
  }
}
