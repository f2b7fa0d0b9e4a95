import { S3Client } from '@aws-sdk/client-s3';
import { IcebergRestCatalog } from 'iceberg-js';
import type { FraudConfig } from '../config';
import { boundedFetch } from './boundedIo';
import { S3ObjectReader } from './icebergFiles';
import type { TableMetadataLike } from './IncrementalTableReader';

/** Table metadata grows with its snapshot list; far beyond this it is not a table to read per refresh. */
const MAX_CATALOG_ANSWER_BYTES = 32 * 1024 * 1024;

/** Where the alerts table is read from: its name, its metadata and its files. */
export interface AlertsTableSource {
  /** `namespace.table`, as the dashboard names it. */
  table: string;
  /** The table's current metadata from the catalog; undefined while the table does not exist. */
  loadTable(signal?: AbortSignal): Promise<TableMetadataLike | undefined>;
  files: S3ObjectReader;
}

/**
 * The alerts table through the Iceberg REST catalog (Nessie) and the object store, as `fraud` in
 * app-config names them. Unconfigured, the table never exists and nothing is called.
 */
export function icebergAlertsTable(
  fraud: FraudConfig | undefined,
): AlertsTableSource {
  if (!fraud) {
    return {
      table: 'fraud.alerts',
      loadTable: async () => undefined,
      // Never called: no table, no files.
      files: new S3ObjectReader(new S3Client({ region: 'us-east-1' }), {
        timeoutMs: 1,
        maxBytes: 0,
      }),
    };
  }
  const catalog = new IcebergRestCatalog({
    baseUrl: fraud.catalogUri,
    warehouse: fraud.warehouse,
    fetch: boundedFetch({
      timeoutMs: fraud.timeoutMs,
      maxBytes: MAX_CATALOG_ANSWER_BYTES,
    }),
  });
  return {
    table: [...fraud.namespace, fraud.tableName].join('.'),
    async loadTable() {
      try {
        return (await catalog.loadTable({
          namespace: fraud.namespace,
          name: fraud.tableName,
        })) as unknown as TableMetadataLike;
      } catch (e) {
        if ((e as { status?: number }).status === 404) return undefined;
        throw e;
      }
    },
    files: new S3ObjectReader(
      new S3Client({
        endpoint: fraud.objectStore.endpoint,
        region: fraud.objectStore.region,
        forcePathStyle: fraud.objectStore.forcePathStyle,
        maxAttempts: 2,
        requestHandler: {
          connectionTimeout: Math.min(fraud.timeoutMs, 5_000),
          requestTimeout: fraud.timeoutMs,
          throwOnRequestTimeout: true,
        },
      }),
      {
        timeoutMs: fraud.timeoutMs,
        maxBytes: fraud.objectStore.maxObjectBytes,
      },
    ),
  };
}
