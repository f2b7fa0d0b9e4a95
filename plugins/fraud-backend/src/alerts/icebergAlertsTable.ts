import {
  icebergRestTable,
  type IcebergTableSource,
} from '@internal/plugin-lakehouse-node';
import type { FraudConfig } from '../config';

/** Where the alerts table is read from: its name, its metadata and its files. */
export type AlertsTableSource = IcebergTableSource;

/**
 * The alerts table through the Iceberg REST catalog (Nessie) and the object store, as `fraud` in
 * app-config names them. Unconfigured, the table never exists and nothing is called.
 */
export function icebergAlertsTable(
  fraud: Omit<FraudConfig, 'simulation'> | undefined,
): AlertsTableSource {
  if (!fraud) {
    return {
      table: 'fraud.alerts',
      loadTable: async () => undefined,
      files: {
        read: async uri => {
          throw new Error(`fraud is not configured: ${uri} is not read`);
        },
      },
    };
  }
  return icebergRestTable(fraud);
}
