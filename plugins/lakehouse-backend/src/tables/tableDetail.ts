import {
  MAX_TABLE_SNAPSHOTS,
  type TableDetailResponse,
  type TableField,
  type TableSize,
  type TableSnapshot,
} from '@internal/plugin-lakehouse-common';
import type { IcebergMetadata } from './NessieClient';

// Iceberg's table metadata (spec: "Table Metadata") as the table page shows it. The metadata comes from
// the catalog; anything this reads loosely is checked for its type before use.

type IcebergType =
  | string
  | { type: 'struct'; fields: IcebergSchemaField[] }
  | { type: 'list'; element: IcebergType; 'element-id'?: number }
  | { type: 'map'; key: IcebergType; value: IcebergType };
interface IcebergSchemaField {
  id: number;
  name: string;
  type: IcebergType;
  required: boolean;
  doc?: string;
}

const str = (v: unknown) =>
  v === undefined || v === null ? undefined : String(v);
const count = (v: unknown) => {
  const n = Number(v);
  return v === undefined || v === null || !Number.isFinite(n) ? undefined : n;
};

function typeName(type: IcebergType): string {
  if (typeof type === 'string') return type;
  if (type.type === 'list') return `list<${typeName(type.element)}>`;
  if (type.type === 'map')
    return `map<${typeName(type.key)}, ${typeName(type.value)}>`;
  return 'struct';
}

/** The schema's fields, nested ones after their parent with dotted names (`[]` inside a list). */
export function flattenFields(
  fields: IcebergSchemaField[],
  prefix = '',
  depth = 0,
): TableField[] {
  const out: TableField[] = [];
  for (const f of fields) {
    const name = `${prefix}${f.name}`;
    out.push({
      id: f.id,
      name,
      type: typeName(f.type),
      required: Boolean(f.required),
      ...(f.doc && { doc: f.doc }),
      depth,
    });
    let inner: IcebergType = f.type;
    let path = name;
    while (typeof inner !== 'string' && inner.type === 'list') {
      inner = inner.element;
      path = `${path}[]`;
    }
    if (typeof inner !== 'string' && inner.type === 'struct') {
      out.push(...flattenFields(inner.fields, `${path}.`, depth + 1));
    }
  }
  return out;
}

/** The current schema's fields. */
export function currentFields(metadata: IcebergMetadata): TableField[] {
  const schemas = (metadata.schemas ?? []) as {
    'schema-id': number;
    fields: IcebergSchemaField[];
  }[];
  const schema =
    schemas.find(s => s['schema-id'] === metadata['current-schema-id']) ??
    (metadata.schema as { fields: IcebergSchemaField[] } | undefined);
  return schema ? flattenFields(schema.fields) : [];
}

function snapshotOf(s: Record<string, any>): TableSnapshot {
  const summary = (s.summary ?? {}) as Record<string, unknown>;
  const entry: TableSnapshot = {
    id: String(s['snapshot-id']),
    timestampMs: Number(s['timestamp-ms']),
    operation: String(summary.operation ?? 'unknown'),
  };
  const parent = str(s['parent-snapshot-id']);
  if (parent) entry.parentId = parent;
  const counts: [keyof TableSnapshot, string][] = [
    ['addedRecords', 'added-records'],
    ['deletedRecords', 'deleted-records'],
    ['addedFiles', 'added-data-files'],
    ['deletedFiles', 'deleted-data-files'],
    ['totalRecords', 'total-records'],
    ['totalBytes', 'total-files-size'],
  ];
  for (const [key, field] of counts) {
    const n = count(summary[field]);
    if (n !== undefined) (entry as unknown as Record<string, number>)[key] = n;
  }
  return entry;
}

/** All snapshots, newest first. */
export function snapshotsOf(metadata: IcebergMetadata): TableSnapshot[] {
  return ((metadata.snapshots ?? []) as Record<string, any>[])
    .map(snapshotOf)
    .sort((a, b) => b.timestampMs - a.timestampMs);
}

function sizeOf(
  metadata: IcebergMetadata,
  current: string | undefined,
): TableSize | undefined {
  const snapshot = ((metadata.snapshots ?? []) as Record<string, any>[]).find(
    s => String(s['snapshot-id']) === current,
  );
  if (!snapshot) return undefined;
  const summary = (snapshot.summary ?? {}) as Record<string, unknown>;
  return {
    records: count(summary['total-records']) ?? 0,
    dataFiles: count(summary['total-data-files']) ?? 0,
    bytes: count(summary['total-files-size']) ?? 0,
  };
}

/** `current-snapshot-id`, absent for a table without snapshots (-1 in format v1). */
export function currentSnapshotId(
  metadata: IcebergMetadata,
): string | undefined {
  const id = str(metadata['current-snapshot-id']);
  return id && id !== '-1' ? id : undefined;
}

export function tableDetail(
  table: string,
  ref: string,
  metadata: IcebergMetadata,
): TableDetailResponse {
  const fields = currentFields(metadata);
  const byId = new Map(fields.map(f => [f.id, f.name]));
  const source = (id: unknown) => byId.get(Number(id)) ?? `field ${id}`;

  const specs = (metadata['partition-specs'] ?? []) as {
    'spec-id': number;
    fields: Record<string, unknown>[];
  }[];
  const spec = specs.find(s => s['spec-id'] === metadata['default-spec-id']);
  const orders = (metadata['sort-orders'] ?? []) as {
    'order-id': number;
    fields: Record<string, unknown>[];
  }[];
  const order = orders.find(
    o => o['order-id'] === metadata['default-sort-order-id'],
  );
  const current = currentSnapshotId(metadata);
  const snapshots = snapshotsOf(metadata);
  return {
    table,
    ref,
    uuid: metadata['table-uuid'],
    location: metadata.location,
    formatVersion: metadata['format-version'],
    fields,
    partitionSpec: (spec?.fields ?? []).map(f => ({
      name: String(f.name),
      source: source(f['source-id']),
      transform: String(f.transform),
    })),
    sortOrder: (order?.fields ?? []).map(f => ({
      source: source(f['source-id']),
      transform: String(f.transform),
      direction: f.direction === 'desc' ? 'desc' : 'asc',
      nullOrder:
        f['null-order'] === 'nulls-last' ? 'nulls-last' : 'nulls-first',
    })),
    properties: Object.fromEntries(
      Object.entries(
        (metadata.properties ?? {}) as Record<string, unknown>,
      ).map(([k, v]) => [k, String(v)]),
    ),
    ...(current && { currentSnapshotId: current }),
    ...(current && { size: sizeOf(metadata, current) }),
    snapshots: snapshots.slice(0, MAX_TABLE_SNAPSHOTS),
    snapshotCount: snapshots.length,
    ...(count(metadata['last-updated-ms']) !== undefined && {
      lastUpdatedMs: count(metadata['last-updated-ms']),
    }),
  };
}
