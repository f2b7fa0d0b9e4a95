import type {
  TableDetailResponse,
  TableDiffResponse,
  TableDiffSide,
  TableField,
} from '@internal/plugin-lakehouse-common';

function side(ref: string, detail?: TableDetailResponse): TableDiffSide {
  return {
    ref,
    exists: Boolean(detail),
    ...(detail?.currentSnapshotId && {
      currentSnapshotId: detail.currentSnapshotId,
    }),
    ...(detail?.size && { size: detail.size }),
  };
}

/** Nessie writes the commit and ref it served into the properties: they differ between any two refs. */
const ownProperties = (detail?: TableDetailResponse) =>
  Object.fromEntries(
    Object.entries(detail?.properties ?? {}).filter(
      ([key]) => !key.startsWith('nessie.commit.'),
    ),
  );

const sameField = (a: TableField, b: TableField) =>
  a.name === b.name &&
  a.type === b.type &&
  a.required === b.required &&
  (a.doc ?? '') === (b.doc ?? '');

/**
 * The table at `to` against the table at `from`: columns matched by field id (a rename is a change,
 * not a drop and an add), properties by key, snapshots by id. A table missing at one ref diffs
 * against an empty one.
 */
export function tableDiff(
  table: string,
  from: { ref: string; detail?: TableDetailResponse },
  to: { ref: string; detail?: TableDetailResponse },
): TableDiffResponse {
  const before = new Map((from.detail?.fields ?? []).map(f => [f.id, f]));
  const after = new Map((to.detail?.fields ?? []).map(f => [f.id, f]));
  const changed = [...after.values()].flatMap(a => {
    const b = before.get(a.id);
    return b && !sameField(b, a) ? [{ before: b, after: a }] : [];
  });
  const propsBefore = ownProperties(from.detail);
  const propsAfter = ownProperties(to.detail);
  const properties = [
    ...new Set([...Object.keys(propsBefore), ...Object.keys(propsAfter)]),
  ]
    .sort()
    .filter(key => propsBefore[key] !== propsAfter[key])
    .map(key => ({
      key,
      ...(key in propsBefore && { before: propsBefore[key] }),
      ...(key in propsAfter && { after: propsAfter[key] }),
    }));
  const idsBefore = new Set((from.detail?.snapshots ?? []).map(s => s.id));
  const idsAfter = new Set((to.detail?.snapshots ?? []).map(s => s.id));
  const snapshots = {
    onlyInTo: (to.detail?.snapshots ?? []).filter(s => !idsBefore.has(s.id)),
    onlyInFrom: (from.detail?.snapshots ?? []).filter(s => !idsAfter.has(s.id)),
  };
  const columns = {
    added: [...after.values()].filter(f => !before.has(f.id)),
    removed: [...before.values()].filter(f => !after.has(f.id)),
    changed,
  };
  const identical =
    Boolean(from.detail) === Boolean(to.detail) &&
    from.detail?.currentSnapshotId === to.detail?.currentSnapshotId &&
    columns.added.length + columns.removed.length + changed.length === 0 &&
    properties.length === 0 &&
    JSON.stringify(from.detail?.partitionSpec) ===
      JSON.stringify(to.detail?.partitionSpec) &&
    JSON.stringify(from.detail?.sortOrder) ===
      JSON.stringify(to.detail?.sortOrder) &&
    snapshots.onlyInTo.length + snapshots.onlyInFrom.length === 0;
  return {
    table,
    from: side(from.ref, from.detail),
    to: side(to.ref, to.detail),
    identical,
    columns,
    properties,
    snapshots,
  };
}
