import type { TableCell } from '@internal/plugin-lakehouse-common';
import {
  readAvro,
  readParquet,
  type ObjectReader,
} from '@internal/plugin-lakehouse-node';
import { ServiceUnavailableError } from '@backstage/errors';
import type { IcebergMetadata } from './NessieClient';

const DATA = 0; // manifest content: data files (1 = delete files)
const DELETED = 2; // manifest entry status
/** A cell's text is cut here: a sample shows what a column holds, not a whole document. */
const MAX_CELL_CHARS = 500;

function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]),
    );
  }
  return value;
}

/** A value as one cell: scalars as they are, nested values as JSON text, long text cut. */
export function toCell(value: unknown): TableCell {
  const safe = jsonSafe(value);
  if (safe === null || safe === undefined) return null;
  if (typeof safe === 'number')
    return Number.isFinite(safe) ? safe : String(safe);
  if (typeof safe === 'boolean') return safe;
  const text = typeof safe === 'string' ? safe : JSON.stringify(safe);
  return text.length > MAX_CELL_CHARS
    ? `${text.slice(0, MAX_CELL_CHARS)}…`
    : text;
}

/**
 * The first `limit` rows of the current snapshot, read from its data files in manifest order until
 * enough are read (each file bounded by the object store's limits). Undefined rows for a table
 * without snapshots. A snapshot with delete files is refused: its data files alone would show rows
 * that were deleted.
 */
export async function readSampleRows(
  metadata: IcebergMetadata,
  snapshotId: string,
  columns: string[],
  limit: number,
  files: ObjectReader,
): Promise<{ rows: Record<string, TableCell>[]; truncated: boolean }> {
  const snapshot = ((metadata.snapshots ?? []) as Record<string, any>[]).find(
    s => String(s['snapshot-id']) === snapshotId,
  );
  if (!snapshot) return { rows: [], truncated: false };
  const manifests = await readAvro(await files.read(snapshot['manifest-list']));
  // A delete manifest whose files were all removed no longer applies.
  const liveFiles = (m: Record<string, any>) =>
    Number(m.added_files_count ?? 1) + Number(m.existing_files_count ?? 1);
  if (manifests.some(m => (m.content ?? DATA) !== DATA && liveFiles(m) > 0)) {
    throw new ServiceUnavailableError(
      'This snapshot has delete files (merge-on-read): its data files alone would show deleted rows, so no sample is shown. Compact the table (rewrite_data_files) to see one.',
    );
  }
  // Manifests are small: list every live data file first, so the data files are read only as far as needed.
  const dataFiles: { path: string; records: number }[] = [];
  for (const manifest of manifests) {
    if ((manifest.content ?? DATA) !== DATA) continue;
    for (const entry of await readAvro(
      await files.read(manifest.manifest_path),
    )) {
      if (entry.status === DELETED) continue;
      dataFiles.push({
        path: entry.data_file.file_path,
        records: Number(entry.data_file.record_count ?? 1),
      });
    }
  }
  const rows: Record<string, TableCell>[] = [];
  for (const [i, file] of dataFiles.entries()) {
    if (!/\.parquet$/i.test(file.path)) {
      throw new ServiceUnavailableError(
        `Only Parquet data files can be sampled, not ${file.path}`,
      );
    }
    const read = await readParquet(await files.read(file.path), columns);
    const take = Math.min(read.length, limit - rows.length);
    for (const row of read.slice(0, take)) {
      rows.push(Object.fromEntries(columns.map(c => [c, toCell(row[c])])));
    }
    if (rows.length === limit) {
      const more =
        read.length > take || dataFiles.slice(i + 1).some(f => f.records > 0);
      return { rows, truncated: more };
    }
  }
  return { rows, truncated: false };
}
