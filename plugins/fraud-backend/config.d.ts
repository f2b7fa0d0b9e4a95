import { HumanDuration } from '@backstage/types';

export interface Config {
  fraud?: {
    /** The Iceberg REST catalog holding the alerts table (Nessie: `http://host:19120/iceberg`). */
    catalogUri: string;
    /** Warehouse name passed to the catalog's /v1/config. Default `warehouse`. */
    warehouse?: string;
    /** `namespace.table` of the alerts. Default `fraud.alerts`. */
    table?: string;
    /** The object store of the table's files; credentials from the AWS default chain. */
    objectStore?: {
      endpoint?: string;
      region?: string;
      forcePathStyle?: boolean;
      /** A table file (metadata, manifest, data file) bigger than this many bytes is refused. Default 64 MiB. */
      maxObjectBytes?: number;
    };
    /** How often new snapshots are read. Default 10 seconds. */
    refreshInterval?: string | HumanDuration;
    /** Bound of one catalog or object-store call (a hung server fails it). Default 10 seconds. */
    timeout?: string | HumanDuration;
    /** Bound of one whole refresh: past it the data shown is marked stale and the next refresh may start. Default 60 seconds. */
    refreshTimeout?: string | HumanDuration;
    /** Backstage notifications of fraud spikes; absent: none. */
    notifications?: {
      /** More alerts than this in one minute (by window start) notifies the recipients, once per minute. */
      spikeAlertsPerMinute: number;
      /** Entity refs told of a spike, e.g. `group:default/fraud-streaming-team`. */
      recipients: string[];
    };
    /**
     * The detector's alert stream (a Kafka topic the Flink job writes each alert to as it fires):
     * alerts reach open dashboards from it within a second, before the table, which stays the record,
     * commits them on the job's next checkpoint. Absent: alerts come from the table only.
     */
    stream?: {
      /** Bootstrap servers, host:port. */
      brokers: string[];
      /** Default `fraud-alerts`. */
      topic?: string;
      /** Bound of connecting and of each broker request. Default 10 seconds. */
      timeout?: string | HumanDuration;
      /** TLS to the brokers. Default false. */
      ssl?: boolean;
      sasl?: {
        mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
        username: string;
        /** @visibility secret */
        password: string;
      };
    };
    /** The clickstream simulator (apps/clickstream-simulator): its control.json and status.json in the object store above. */
    simulation?: {
      /** Default `warehouse`. */
      bucket?: string;
      /** Key prefix of control.json and status.json (the simulator's --control-prefix). Default `live/simulator`. */
      prefix?: string;
      /** Catalog entity the control permission is decided on (its owners may). Default `component:default/clickstream-simulator`. */
      entity?: string;
    };
  };
}
