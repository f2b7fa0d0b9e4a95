import { HumanDuration } from '@backstage/types';

export interface Config {
  lakehouse?: {
    catalog?: {
      /** Discovery of the Iceberg tables of the lakehouse's REST catalog as `Resource` entities of type `iceberg-table`. */
      icebergTables?: {
        /** The Iceberg REST catalog (Nessie: `http://host:19120/iceberg`). */
        catalogUri: string;
        /** Warehouse name passed to the catalog's `/v1/config`. Default `warehouse`. */
        warehouse?: string;
        /** The system the tables are part of. Default `system:default/lakehouse-platform`. */
        system?: string;
        /** Owner of a table without an `owner` table property or a namespace below. */
        defaultOwner: string;
        /** Namespace (dotted, e.g. `fraud`) -> owner entity ref. */
        owners?: { [namespace: string]: string };
        /** How often the catalog is read. Default every minute. */
        frequency?: string | HumanDuration;
        /** Bound of one catalog call. Default 10 seconds. */
        timeout?: string | HumanDuration;
      };
    };
  };
}
