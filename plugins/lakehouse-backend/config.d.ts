import { HumanDuration } from '@backstage/types';

/** One engine endpoint the lakehouse backend polls. */
interface EngineInstanceConfig {
  /** Unique name within its engine, used in URLs (`/engines/spark/<name>`). Letters, digits, `-` and `_`. */
  name: string;
  /** Base URL of the engine's HTTP API: Spark master UI (`:8080`), Flink REST (`:8081`), Ray dashboard (`:8265`). */
  url: string;
  /**
   * Per-request timeout for this engine, as an ISO duration, `5s`-style string or object.
   * Default 5 seconds.
   */
  timeout?: string | HumanDuration;
  /** How often the engine is polled, same formats. Default 10 seconds. */
  refreshInterval?: string | HumanDuration;
  /** Timeout of one submit, upload or cancel call. Default 2 minutes (Flink builds the job graph meanwhile). */
  submitTimeout?: string | HumanDuration;
}

export interface Config {
  lakehouse?: {
    /**
     * Poll the engines on a worker thread (default true): reading and mapping
     * a large cluster's job list then never delays the status endpoints.
     * False polls on the main event loop.
     */
    pollInWorkerThread?: boolean;
    /**
     * Every job the portal has seen is kept in its database (last state, times, log tail, who submitted
     * it and with what) after its engine forgets it.
     */
    history?: {
      /** Jobs not seen on their engine for this long are deleted. Default 30 days. */
      retention?: string | HumanDuration;
    };
    /**
     * The engines the backend watches. It only ever calls these URLs.
     */
    engines?: {
      spark?: Array<
        EngineInstanceConfig & {
          /** Spark REST submission server (`:6066`), used for driver details and submissions. */
          restUrl?: string;
          /** The master's RPC URL (`spark://host:7077`); needed to submit. */
          masterUrl?: string;
          /**
           * Submitted drivers run OpenLineage's Spark listener and send their lineage to this backend.
           * Only for clusters with `io.openlineage:openlineage-spark` on the drivers' classpath (a
           * missing listener class fails the driver). Default false.
           */
          openLineage?: boolean;
        }
      >;
      flink?: Array<
        EngineInstanceConfig & {
          /**
           * The jar whose PythonDriver runs submitted PyFlink apps: the path of a
           * `flink-python-<version>.jar` file, which the backend uploads itself (again
           * after a JobManager restart), or the id of one already uploaded to this
           * JobManager (`<uuid>_flink-python-<version>.jar`, as `POST /jars/upload`
           * answers). Never chosen by name from the JobManager's jar list, which anyone
           * who reaches its REST API can add to. Without it, Flink takes no submissions.
           */
          pythonRunnerJar?: string;
          /**
           * Where savepoints go (`s3://bucket/path`, no trailing slash). Absent: the cluster's
           * `state.savepoints.dir`, and Flink refuses savepoints if that is unset too.
           */
          savepointDir?: string;
          /** How long a savepoint may take before the portal stops waiting. Default 5 minutes. */
          savepointTimeout?: string | HumanDuration;
        }
      >;
      ray?: EngineInstanceConfig[];
    };
    /**
     * Kubernetes clusters whose operator custom resources (RayCluster, RayJob,
     * RayService, SparkApplication, FlinkDeployment, FlinkSessionJob) are
     * shown as one more instance of each engine, named after the cluster.
     */
    kubernetes?: {
      clusters?: Array<{
        /** A cluster of `kubernetes.clusterLocatorMethods` (type `config`, serviceAccount auth). */
        name: string;
        /** Only these namespaces. Default: all (needs cluster-wide list rights). */
        namespaces?: string[];
        /** Per-request timeout. Default 5 seconds. */
        timeout?: string | HumanDuration;
        /**
         * How often the custom resources are listed. With `watch` (the default) this is the resync:
         * changes show as the API server reports them. Default 10 seconds.
         */
        refreshInterval?: string | HumanDuration;
        /**
         * Watch the custom resources: a change is listed and pushed to open pages within about a
         * second. Needs `watch` on them (k8s/base/portal/rbac.yaml). Default true.
         */
        watch?: boolean;
        /**
         * Submissions to this cluster: each becomes a RayJob, SparkApplication or FlinkSessionJob,
         * applied server-side (a dry run is the API server's dry run) with the code staged in
         * `lakehouse.staging`. An engine left out takes no submissions here. The service account
         * needs create, patch and delete on those kinds in `namespace` (k8s/base/portal/rbac.yaml).
         */
        submit?: {
          /** Where submitted resources are created; one of `namespaces` when those are set. */
          namespace: string;
          /** Bound of one apply or delete. Default 30 seconds. */
          timeout?: string | HumanDuration;
          spark?: {
            /** The driver and executor image (Spark with the S3 and Iceberg jars). */
            image: string;
            /** Default 4.1.1. */
            sparkVersion?: string;
            /** The driver's service account (the Spark operator's, which may create executor pods). */
            serviceAccount: string;
            /** A ConfigMap with spark-defaults.conf (S3 endpoint, catalog), as the platform's apps use. */
            sparkConfigMap?: string;
            /**
             * Secrets given to driver and executors as environment: credentials stay in the cluster.
             * Like env and sparkConfigMap, applied to the pods by the Spark operator's mutating webhook
             * (webhook.enable in its chart): without it they are silently not set.
             */
            envFromSecrets?: string[];
          };
          flink?: {
            /** The FlinkDeployment (session cluster) the jobs run on. */
            deploymentName: string;
            /** The flink-python jar in the session image. Default local:///opt/flink/opt/flink-python-2.1.1.jar. */
            pythonJarUri?: string;
          };
          ray?: {
            /** The RayCluster the jobs run on. */
            clusterName: string;
          };
        };
      }>;
    };
    /**
     * Secret sources a job may name in its `secrets`: each gives the job its
     * variables (e.g. object-store credentials) without the values ever being
     * in a request, a plan, a log line or an answer. Ray and Spark (driver)
     * receive them; Flink session clusters have no per-job secret channel.
     */
    secrets?: {
      [name: string]: {
        description?: string;
        /**
         * Variable name -> value, typically `${ENV_VAR}` from a Kubernetes Secret.
         * @deepVisibility secret
         */
        env: { [variable: string]: string };
      };
    };
    /**
     * The object store submitted Spark and Flink apps are staged in; every
     * engine must be able to read it (s3a:// for Spark, s3:// for Flink).
     * Without it, only Ray accepts submissions.
     */
    staging?: {
      /** S3 endpoint for non-AWS stores (MinIO, SeaweedFS). */
      endpoint?: string;
      /** Default us-east-1. */
      region?: string;
      bucket: string;
      /** Key prefix. Default `portal/apps`. */
      prefix?: string;
      /** Default true (what MinIO-style stores need). */
      forcePathStyle?: boolean;
      /** Absent: the AWS default credential chain. */
      accessKeyId?: string;
      /** @visibility secret */
      secretAccessKey?: string;
      /** Bound of one S3 call (retries included), same formats as the engines' timeout. Default 30 seconds. */
      timeout?: string | HumanDuration;
    };
    /**
     * Lineage: which job read and wrote which dataset, from OpenLineage events posted to
     * `/api/lakehouse/lineage/api/v1/lineage` and from running Flink jobs' plans.
     */
    lineage?: {
      /**
       * Catalog names the engines give the lakehouse's Iceberg catalog (`nessie.demo.users` is table
       * `demo.users` when `nessie` is listed). Default `['nessie']`.
       */
      icebergCatalogNames?: string[];
      /**
       * How long an edge (a job reading or writing a dataset) is kept after it was last seen: a job
       * that stopped writing a table loses that relation after this. Default 90 days. A running Flink
       * job's plan is read again daily, so its edges stay.
       */
      retention?: string | HumanDuration;
      flinkPlan?: {
        /** Read the sources and sinks of running Flink jobs from their plans. Default true. */
        enabled?: boolean;
      };
      openLineage?: {
        /**
         * The events URL as submitted jobs reach this backend. Default: the plugin's base URL from
         * discovery + `/lineage/api/v1/lineage`.
         */
        url?: string;
        /** The OpenLineage namespace of the portal's jobs. Default `lakehouse`. */
        namespace?: string;
      };
    };
    /**
     * The Iceberg tables of a Nessie server, for the table pages (schema, snapshots, commits,
     * branches, diffs, sample rows) and the Nessie page. Absent: those pages say it is not configured.
     */
    tables?: {
      /** Nessie's base URL, e.g. http://127.0.0.1:19120 (its API under /api/v2, Iceberg REST under /iceberg). */
      nessieUrl: string;
      /** Nessie's warehouse name. Default `warehouse`. */
      warehouse?: string;
      /** Where sample rows are read from; credentials from the AWS default chain. */
      objectStore?: {
        endpoint?: string;
        region?: string;
        forcePathStyle?: boolean;
        /** A data or manifest file bigger than this is not read. Default 64 MiB. */
        maxObjectBytes?: number;
      };
      /** One call to Nessie or the object store. Default 10 seconds. */
      timeout?: string | HumanDuration;
    };
  };
}
