import type { LineageDataset } from '@internal/plugin-lakehouse-common';

/**
 * Dataset keys: how an edge's dataset, a `lakehouse.io/lineage-dataset` value and a
 * `lakehouse.io/lineage-inputs` / `-outputs` entry are compared.
 *
 * - The key of a dataset is `<namespace>/<name>`, joined by exactly one `/`: trailing slashes of the
 *   namespace and leading slashes of the name are dropped, nothing else changes (so `s3a://` keeps
 *   its two slashes). `s3://warehouse` + `data/users.csv` -> `s3://warehouse/data/users.csv`.
 * - A `lakehouse.io/lineage-dataset` value matches a key equal to it, or, when the value ends in `/`,
 *   every key below it (`s3://warehouse/data/` matches `s3://warehouse/data/users.csv`). The most
 *   specific value wins, so a folder entity and a bucket entity do not both get a file.
 * - Datasets that no lineage event reports are named by portal convention where OpenLineage has no
 *   fixed form: a Kafka topic is `kafka://<topic>` (no broker address: it differs between the cluster
 *   and the host, the topic does not).
 * - In the annotations, `iceberg:<namespace.table>` names the Iceberg table of the lakehouse catalog,
 *   as an edge's `icebergTable` does.
 */

export const ICEBERG_KEY_PREFIX = 'iceberg:';

/** The key of a dataset: `<namespace>/<name>` joined by one slash. */
export function datasetKey(namespace: string, name: string): string {
  return `${namespace.replace(/\/+$/, '')}/${name.replace(/^\/+/, '')}`;
}

/** The entries of a comma-separated `lakehouse.io/lineage-inputs` / `-outputs` value. */
export function parseDatasetList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

/** What the catalog holds that datasets resolve to. */
export interface DatasetEntity {
  ref: string;
  icebergTable?: string;
  /** Set when the entity is a table on a branch or tag other than the default one. */
  icebergRef?: string;
  lineageDataset?: string;
}

/** Resolves datasets to the refs of the entities that stand for them. */
export class DatasetIndex {
  readonly #tables = new Map<string, string[]>();
  readonly #datasets: Array<{ exact: string; prefix: boolean; ref: string }> =
    [];

  constructor(entities: DatasetEntity[]) {
    for (const e of entities) {
      const table = e.icebergTable?.trim();
      // Edges carry no branch: they mean the table on the default branch, never a branch's copy.
      if (table && (!e.icebergRef || e.icebergRef === 'main')) {
        this.#tables.set(table, [...(this.#tables.get(table) ?? []), e.ref]);
      }
      const value = e.lineageDataset?.trim();
      const exact = value?.replace(/\/+$/, '');
      if (value && exact) {
        this.#datasets.push({ exact, prefix: value.endsWith('/'), ref: e.ref });
      }
    }
  }

  /** An edge's dataset: by its Iceberg table when it names one, else by its key. */
  resolve(dataset: LineageDataset): string[] {
    return dataset.icebergTable
      ? this.#tables.get(dataset.icebergTable) ?? []
      : this.#byKey(datasetKey(dataset.namespace, dataset.name));
  }

  /** An entry of `lakehouse.io/lineage-inputs` / `-outputs`. */
  resolveEntry(entry: string): string[] {
    return entry.startsWith(ICEBERG_KEY_PREFIX)
      ? this.#tables.get(entry.slice(ICEBERG_KEY_PREFIX.length).trim()) ?? []
      : this.#byKey(entry);
  }

  #byKey(key: string): string[] {
    let best = -1;
    let refs: string[] = [];
    for (const d of this.#datasets) {
      const matches =
        key === d.exact || (d.prefix && key.startsWith(`${d.exact}/`));
      if (!matches || d.exact.length < best) continue;
      if (d.exact.length > best) {
        best = d.exact.length;
        refs = [];
      }
      refs.push(d.ref);
    }
    return refs;
  }
}
