import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  LAKEHOUSE_ICEBERG_REF_ANNOTATION,
  LAKEHOUSE_ICEBERG_TABLE_ANNOTATION,
} from '@internal/plugin-lakehouse-common';
import { createHash } from 'node:crypto';
import type { IcebergTablesConfig } from './config';

/** On an entity: the Iceberg table (`namespace.table`) it stands for. Hand-written entities claim a table with it. */
export const ICEBERG_TABLE_ANNOTATION = LAKEHOUSE_ICEBERG_TABLE_ANNOTATION;
export const ICEBERG_CATALOG_ANNOTATION = 'lakehouse.io/iceberg-catalog';
export const TABLE_UUID_ANNOTATION = 'lakehouse.io/table-uuid';
export const TABLE_LOCATION_ANNOTATION = 'lakehouse.io/table-location';
export const ICEBERG_REF_ANNOTATION = LAKEHOUSE_ICEBERG_REF_ANNOTATION;

/** What the catalog answers about one table (its current metadata). */
export interface TableFacts {
  namespace: string[];
  name: string;
  uuid?: string;
  location?: string;
  properties: Record<string, string>;
  /** Columns of the current schema. */
  columns: number;
  /** The branch or tag it was read on; undefined for the default branch. */
  branch?: string;
}

const validator = makeValidator();

/**
 * A valid entity name for the table: `namespace.table` (`namespace.table-on-dev` on another branch),
 * shortened with a hash when too long for a name.
 */
export function tableEntityName(
  namespace: string[],
  name: string,
  branch?: string,
): string {
  const full = `${[...namespace, name].join('.')}${
    branch ? `-on-${branch}` : ''
  }`
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/[._-]{2,}/g, '-');
  if (validator.isValidEntityName(full)) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  const head = full.slice(0, 54).replace(/[._-]+$/, '');
  return `${head}-${hash}`;
}

/**
 * The owner: the table's `owner` property when it is an entity ref with its kind (`group:fraud-team`),
 * else the longest configured namespace prefix's owner, else the default. A bare name is what the
 * engines write there themselves (Spark sets `owner` to the user it runs as, e.g. `root`): not an owner.
 */
export function tableOwner(table: TableFacts, config: IcebergTablesConfig) {
  const property = table.properties.owner;
  if (property && /^(group|user):/i.test(property)) {
    try {
      return stringifyEntityRef(
        parseEntityRef(property, { defaultNamespace: 'default' }),
      );
    } catch {
      // Not an entity ref: the mapping decides.
    }
  }
  for (let n = table.namespace.length; n > 0; n--) {
    const owner = config.owners.get(table.namespace.slice(0, n).join('.'));
    if (owner) return owner;
  }
  return config.defaultOwner;
}

/** The table as a `Resource` of type `iceberg-table` of the lakehouse system. */
export function tableEntity(
  table: TableFacts,
  config: IcebergTablesConfig,
): Entity {
  const qualified = [...table.namespace, table.name].join('.');
  const location = `url:${
    config.catalogUri
  }/v1/namespaces/${table.namespace.join('%1F')}/tables/${table.name}${
    table.branch ? `?ref=${table.branch}` : ''
  }`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: tableEntityName(table.namespace, table.name, table.branch),
      title: table.branch ? `${qualified} (on ${table.branch})` : qualified,
      description:
        table.properties.comment ??
        // Nothing that changes with every commit: the entity changes only when the table's shape does.
        `Iceberg table ${qualified} (${table.columns} columns).`,
      tags: table.branch ? ['iceberg', 'branch'] : ['iceberg'],
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [ICEBERG_TABLE_ANNOTATION]: qualified,
        [ICEBERG_CATALOG_ANNOTATION]: config.catalogUri,
        ...(table.branch && { [ICEBERG_REF_ANNOTATION]: table.branch }),
        ...(table.uuid && { [TABLE_UUID_ANNOTATION]: table.uuid }),
        ...(table.location && { [TABLE_LOCATION_ANNOTATION]: table.location }),
      },
    },
    spec: {
      type: 'iceberg-table',
      owner: tableOwner(table, config),
      system: config.system,
    },
  };
}
