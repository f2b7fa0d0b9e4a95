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
        /**
         * How often the catalog is listed. A new, dropped or renamed table shows after the next listing.
         * Default every minute.
         */
        frequency?: string | HumanDuration;
        /**
         * How long a listed table's metadata (owner and comment properties, uuid, location, columns) is
         * reused before it is loaded again; the loads are spread over the refreshes, the oldest first.
         * Default one hour.
         */
        rereadInterval?: string | HumanDuration;
        /**
         * Nessie branches or tags read besides the default branch: each of their tables is an entity
         * of its own (`namespace.table-on-<branch>`, annotation `lakehouse.io/iceberg-ref`).
         */
        branches?: string[];
        /** Bound of one catalog call. Default 10 seconds. */
        timeout?: string | HumanDuration;
      };
      /**
       * Discovery of the engines' long-running jobs (Flink jobs that have not ended), read from the lakehouse
       * backend, as `Component` entities (type `flink-job`, lifecycle `production`) unless an entity claims the
       * job with `lakehouse.io/engine` + `lakehouse.io/job-name`. Not configured: nothing is discovered.
       */
      longRunningJobs?: {
        /** Owner of the discovered jobs' components. Default `group:default/platform-team`. */
        owner?: string;
        /** The system the jobs are part of. Default `system:default/lakehouse-platform`. */
        system?: string;
        /** How often the lakehouse backend is read. Default every 30 seconds. */
        frequency?: string | HumanDuration;
        /** Bound of one call to the lakehouse backend. Default 10 seconds. */
        timeout?: string | HumanDuration;
      };
      /**
       * Lineage as catalog relations: the edges the lakehouse backend serves (`GET /lineage`) and the
       * `lakehouse.io/lineage-inputs` / `-outputs` annotations become `dependsOn` / `dependencyOf`
       * between jobs (`lakehouse.io/job-name`) and the entities of their datasets
       * (`lakehouse.io/iceberg-table`, `lakehouse.io/lineage-dataset`). On unless `enabled: false`.
       */
      lineage?: {
        /** Default true. */
        enabled?: boolean;
        /** How long the edges and the entity index read for one entity are reused for the next. Default 30. */
        cacheSeconds?: number;
        /** Bound of one call to the lakehouse backend. Default 10 seconds. */
        timeout?: string | HumanDuration;
      };
    };
  };
}
