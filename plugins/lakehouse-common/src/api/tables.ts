import { z } from 'zod';

// The Iceberg tables of the lakehouse's Nessie catalog: `/tables/:table[/commits|/diff|/rows]` and `/nessie/refs`.
// Snapshot ids and commit hashes are strings: Iceberg ids are 64-bit and do not survive a JSON number.

const IDENTIFIER = '[A-Za-z_][A-Za-z0-9_]*';

/** `namespace.table` (nested namespaces dotted), as the `lakehouse.io/iceberg-table` annotation names it. @public */
export const tableNameSchema = z
  .string()
  .max(512)
  .regex(
    new RegExp(`^${IDENTIFIER}(\\.${IDENTIFIER})+$`),
    'must be namespace.table (letters, digits and _)',
  );

/** A Nessie branch or tag name (Nessie's own rule, without `..`). @public */
export const nessieRefNameSchema = z
  .string()
  .max(256)
  .regex(
    /^[A-Za-z](?:(?:(?!\.\.)[A-Za-z0-9./_-])*[A-Za-z0-9_-])?$/,
    'must be a Nessie branch or tag name',
  );

/** `/tables/:table`. @public */
export const tableParamsSchema = z.strictObject({ table: tableNameSchema });

/** `?ref=`: the branch or tag to read at; the default branch when absent. @public */
export const tableRefQuerySchema = z.strictObject({
  ref: nessieRefNameSchema.optional(),
});

/** `GET /tables/:table/commits?ref=&limit=`. @public */
export const tableCommitsQuerySchema = z.strictObject({
  ref: nessieRefNameSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `GET /tables/:table/diff?from=&to=`. @public */
export const tableDiffQuerySchema = z.strictObject({
  from: nessieRefNameSchema,
  to: nessieRefNameSchema,
});

/** `GET /tables/:table/rows?ref=&limit=`. @public */
export const tableRowsQuerySchema = z.strictObject({
  ref: nessieRefNameSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** One column of the current schema; nested fields are flattened with dotted names. @public */
export interface TableField {
  id: number;
  /** `loc.lat` for a struct's field. */
  name: string;
  /** Iceberg's type: `long`, `decimal(10, 2)`, `list<double>`, `struct`. */
  type: string;
  required: boolean;
  doc?: string;
  /** 0 for a top-level column. */
  depth: number;
}
const tableFieldSchema: z.ZodType<TableField> = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  type: z.string(),
  required: z.boolean(),
  doc: z.string().optional(),
  depth: z.number().int().nonnegative(),
});

/** @public */
export interface PartitionField {
  name: string;
  /** The source column's name. */
  source: string;
  transform: string;
}

/** @public */
export interface SortField {
  source: string;
  transform: string;
  direction: 'asc' | 'desc';
  nullOrder: 'nulls-first' | 'nulls-last';
}

/** One snapshot of the table's history. @public */
export interface TableSnapshot {
  id: string;
  parentId?: string;
  timestampMs: number;
  /** `append`, `overwrite`, `delete`, `replace`. */
  operation: string;
  addedRecords?: number;
  deletedRecords?: number;
  addedFiles?: number;
  deletedFiles?: number;
  totalRecords?: number;
  totalBytes?: number;
}
const optionalCount = z.number().nonnegative().optional();
const tableSnapshotSchema: z.ZodType<TableSnapshot> = z.strictObject({
  id: z.string(),
  parentId: z.string().optional(),
  timestampMs: z.number(),
  operation: z.string(),
  addedRecords: optionalCount,
  deletedRecords: optionalCount,
  addedFiles: optionalCount,
  deletedFiles: optionalCount,
  totalRecords: optionalCount,
  totalBytes: optionalCount,
});

/** The table's size at its current snapshot, from the snapshot's summary. @public */
export interface TableSize {
  records: number;
  dataFiles: number;
  bytes: number;
}
const tableSizeSchema: z.ZodType<TableSize> = z.strictObject({
  records: z.number().nonnegative(),
  dataFiles: z.number().nonnegative(),
  bytes: z.number().nonnegative(),
});

/** At most this many snapshots (the newest) are sent; `snapshotCount` says how many there are. @public */
export const MAX_TABLE_SNAPSHOTS = 1000;

/** `GET /tables/:table?ref=`. @public */
export interface TableDetailResponse {
  table: string;
  ref: string;
  uuid: string;
  location: string;
  formatVersion: number;
  fields: TableField[];
  partitionSpec: PartitionField[];
  sortOrder: SortField[];
  properties: Record<string, string>;
  currentSnapshotId?: string;
  /** Undefined for a table without snapshots. */
  size?: TableSize;
  /** Newest first, at most {@link MAX_TABLE_SNAPSHOTS}. */
  snapshots: TableSnapshot[];
  snapshotCount: number;
  lastUpdatedMs?: number;
}
/** @public */
export const tableDetailResponseSchema: z.ZodType<TableDetailResponse> =
  z.strictObject({
    table: z.string(),
    ref: z.string(),
    uuid: z.string(),
    location: z.string(),
    formatVersion: z.number().int(),
    fields: z.array(tableFieldSchema),
    partitionSpec: z.array(
      z.strictObject({
        name: z.string(),
        source: z.string(),
        transform: z.string(),
      }),
    ),
    sortOrder: z.array(
      z.strictObject({
        source: z.string(),
        transform: z.string(),
        direction: z.enum(['asc', 'desc']),
        nullOrder: z.enum(['nulls-first', 'nulls-last']),
      }),
    ),
    properties: z.record(z.string(), z.string()),
    currentSnapshotId: z.string().optional(),
    size: tableSizeSchema.optional(),
    snapshots: z.array(tableSnapshotSchema).max(MAX_TABLE_SNAPSHOTS),
    snapshotCount: z.number().int().nonnegative(),
    lastUpdatedMs: z.number().optional(),
  });

/** One Nessie commit. @public */
export interface NessieCommit {
  hash: string;
  author: string;
  message: string;
  /** ISO 8601. */
  time: string;
}
const nessieCommitSchema: z.ZodType<NessieCommit> = z.strictObject({
  hash: z.string(),
  author: z.string(),
  message: z.string(),
  time: z.string(),
});

/**
 * A commit that changed the table, with the table's current snapshot at that commit (Nessie's Iceberg
 * catalog keeps only the current snapshot in a table's metadata: the table's history is its commits).
 * @public
 */
export interface TableHistoryEntry extends NessieCommit {
  /** Absent for a commit that left the table without snapshots, or whose metadata could not be read. */
  snapshot?: TableSnapshot;
  /** The commit dropped the table. */
  dropped?: boolean;
}

/** `GET /tables/:table/commits`: the commits of `ref` that changed the table, newest first. @public */
export interface TableCommitsResponse {
  table: string;
  ref: string;
  commits: TableHistoryEntry[];
  /** More commits changed the table than `limit`. */
  hasMore: boolean;
  /** Why some commits have no snapshot: their metadata could not be read from the object store. */
  snapshotError?: string;
}
/** @public */
export const tableCommitsResponseSchema: z.ZodType<TableCommitsResponse> =
  z.strictObject({
    table: z.string(),
    ref: z.string(),
    commits: z.array(
      z.strictObject({
        hash: z.string(),
        author: z.string(),
        message: z.string(),
        time: z.string(),
        snapshot: tableSnapshotSchema.optional(),
        dropped: z.boolean().optional(),
      }),
    ),
    hasMore: z.boolean(),
    snapshotError: z.string().optional(),
  });

/** A Nessie branch or tag and its latest commit. @public */
export interface NessieReference {
  name: string;
  type: 'BRANCH' | 'TAG';
  hash: string;
  latest?: NessieCommit;
  /** Against the default branch (absent for the default branch itself). */
  commitsAhead?: number;
  commitsBehind?: number;
}

/** `GET /nessie/refs`. @public */
export interface NessieRefsResponse {
  defaultBranch: string;
  references: NessieReference[];
}
/** @public */
export const nessieRefsResponseSchema: z.ZodType<NessieRefsResponse> =
  z.strictObject({
    defaultBranch: z.string(),
    references: z.array(
      z.strictObject({
        name: z.string(),
        type: z.enum(['BRANCH', 'TAG']),
        hash: z.string(),
        latest: nessieCommitSchema.optional(),
        commitsAhead: z.number().int().nonnegative().optional(),
        commitsBehind: z.number().int().nonnegative().optional(),
      }),
    ),
  });

/** One side of a table diff: what the table is at that ref, if it exists there. @public */
export interface TableDiffSide {
  ref: string;
  exists: boolean;
  currentSnapshotId?: string;
  size?: TableSize;
}

/** `GET /tables/:table/diff?from=&to=`: what `to` has that `from` has not, and the reverse. @public */
export interface TableDiffResponse {
  table: string;
  from: TableDiffSide;
  to: TableDiffSide;
  /** Same metadata at both refs. */
  identical: boolean;
  columns: {
    added: TableField[];
    removed: TableField[];
    /** Same field id, another name, type, requiredness or doc. */
    changed: { before: TableField; after: TableField }[];
  };
  properties: { key: string; before?: string; after?: string }[];
  /** Snapshots only `to` has (newest first), and only `from` has. */
  snapshots: { onlyInTo: TableSnapshot[]; onlyInFrom: TableSnapshot[] };
}
const tableDiffSideSchema: z.ZodType<TableDiffSide> = z.strictObject({
  ref: z.string(),
  exists: z.boolean(),
  currentSnapshotId: z.string().optional(),
  size: tableSizeSchema.optional(),
});
/** @public */
export const tableDiffResponseSchema: z.ZodType<TableDiffResponse> =
  z.strictObject({
    table: z.string(),
    from: tableDiffSideSchema,
    to: tableDiffSideSchema,
    identical: z.boolean(),
    columns: z.strictObject({
      added: z.array(tableFieldSchema),
      removed: z.array(tableFieldSchema),
      changed: z.array(
        z.strictObject({ before: tableFieldSchema, after: tableFieldSchema }),
      ),
    }),
    properties: z.array(
      z.strictObject({
        key: z.string(),
        before: z.string().optional(),
        after: z.string().optional(),
      }),
    ),
    snapshots: z.strictObject({
      onlyInTo: z.array(tableSnapshotSchema),
      onlyInFrom: z.array(tableSnapshotSchema),
    }),
  });

/** A cell of a sample row: nested values and binary come as text. @public */
export type TableCell = string | number | boolean | null;

/** `GET /tables/:table/rows`: the first rows of the current snapshot. @public */
export interface TableRowsResponse {
  table: string;
  ref: string;
  snapshotId?: string;
  /** Top-level columns, in schema order. */
  columns: string[];
  rows: Record<string, TableCell>[];
  /** The snapshot has more rows than were read. */
  truncated: boolean;
}
/** @public */
export const tableRowsResponseSchema: z.ZodType<TableRowsResponse> =
  z.strictObject({
    table: z.string(),
    ref: z.string(),
    snapshotId: z.string().optional(),
    columns: z.array(z.string()),
    rows: z.array(
      z.record(
        z.string(),
        z.union([z.string(), z.number(), z.boolean(), z.null()]),
      ),
    ),
    truncated: z.boolean(),
  });

/** The platform services the portal checks besides the engines. @public */
export const PLATFORM_SERVICES = ['nessie', 's3'] as const;
/** @public */
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

/** One platform service as the backend found it just now. @public */
export interface PlatformServiceHealth {
  service: PlatformService;
  /** The configured endpoint. */
  url: string;
  reachable: boolean;
  /** Round trip of the check's main call. */
  latencyMs?: number;
  /** Nessie: its API and spec versions; S3: the server's own name and version. */
  version?: string;
  /** Nessie: its branches and tags; S3: the buckets the portal's credentials list. */
  contents: { label: 'references' | 'buckets'; names: string[] };
  /** What failed, and what to check. */
  error?: string;
  /** ISO 8601. */
  checkedAt: string;
}

/** `GET /platform/health`. @public */
export interface PlatformHealthResponse {
  items: PlatformServiceHealth[];
}
/** @public */
export const platformHealthResponseSchema: z.ZodType<PlatformHealthResponse> =
  z.strictObject({
    items: z.array(
      z.strictObject({
        service: z.enum(PLATFORM_SERVICES),
        url: z.string(),
        reachable: z.boolean(),
        latencyMs: z.number().nonnegative().optional(),
        version: z.string().optional(),
        contents: z.strictObject({
          label: z.enum(['references', 'buckets']),
          names: z.array(z.string()),
        }),
        error: z.string().optional(),
        checkedAt: z.string(),
      }),
    ),
  });
