import { S3Client } from '@aws-sdk/client-s3';
import { IcebergRestCatalog } from 'iceberg-js';
import { boundedFetch } from './boundedIo';
import { S3ObjectReader, type ObjectReader } from './icebergFiles';
import type { TableMetadataLike } from './IncrementalTableReader';

/** Table metadata grows with its snapshot list; far beyond this it is not a table to read per refresh. */
const MAX_CATALOG_ANSWER_BYTES = 32 * 1024 * 1024;

/**
 * The object store of a table's files (and of whatever else a plugin keeps beside them).
 * Credentials come from the AWS default chain.
 * @public
 */
export interface ObjectStoreConfig {
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** An object (table metadata, manifest, data file, JSON document) bigger than this is refused. */
  maxObjectBytes: number;
}

/**
 * Where one Iceberg table is read from: the REST catalog (Nessie) and the object store.
 * @public
 */
export interface IcebergTableConfig {
  /** The Iceberg REST catalog (Nessie: `http://host:19120/iceberg`), without a trailing slash. */
  catalogUri: string;
  /** Warehouse name passed to the catalog's `/v1/config`, which answers the path prefix (Nessie: `main|warehouse`). */
  warehouse: string;
  namespace: string[];
  tableName: string;
  objectStore: ObjectStoreConfig;
  /** Bound of one catalog or object-store call. */
  timeoutMs: number;
}

/**
 * One Iceberg table: its name, its current metadata and its files.
 * @public
 */
export interface IcebergTableSource {
  /** `namespace.table`. */
  table: string;
  /** The table's current metadata from the catalog; undefined while the table (or its namespace) does not exist. */
  loadTable(signal?: AbortSignal): Promise<TableMetadataLike | undefined>;
  files: ObjectReader;
}

/**
 * An S3 client whose every call is bounded by `timeoutMs` (connection and request), with one
 * retry; credentials from the AWS default chain.
 * @public
 */
export function createObjectStoreClient(
  store: Omit<ObjectStoreConfig, 'maxObjectBytes'>,
  timeoutMs: number,
): S3Client {
  return new S3Client({
    endpoint: store.endpoint,
    region: store.region,
    forcePathStyle: store.forcePathStyle,
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: Math.min(timeoutMs, 5_000),
      requestTimeout: timeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}

/**
 * A table through the Iceberg REST catalog and the object store, every call bounded in time and
 * size. The catalog's configuration (its path prefix) is loaded before each table load until it
 * succeeds once: iceberg-js would otherwise settle for a guessed prefix for good when the catalog
 * is down at the first call, and every later load would answer "no such table".
 * @public
 */
export function icebergRestTable(
  config: IcebergTableConfig,
  options: { s3?: S3Client } = {},
): IcebergTableSource {
  const catalog = new IcebergRestCatalog({
    baseUrl: config.catalogUri,
    warehouse: config.warehouse,
    fetch: boundedFetch({
      timeoutMs: config.timeoutMs,
      maxBytes: MAX_CATALOG_ANSWER_BYTES,
    }),
  });
  return {
    table: [...config.namespace, config.tableName].join('.'),
    async loadTable() {
      // Cached once it succeeds; a failure throws here (a read error, not a missing table).
      await catalog.loadConfig();
      try {
        return (await catalog.loadTable({
          namespace: config.namespace,
          name: config.tableName,
        })) as unknown as TableMetadataLike;
      } catch (e) {
        if ((e as { status?: number }).status === 404) return undefined;
        throw e;
      }
    },
    files: new S3ObjectReader(
      options.s3 ??
        createObjectStoreClient(config.objectStore, config.timeoutMs),
      {
        timeoutMs: config.timeoutMs,
        maxBytes: config.objectStore.maxObjectBytes,
      },
    ),
  };
}
