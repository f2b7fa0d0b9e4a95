import { HumanDuration } from '@backstage/types';

export interface Config {
  recommender?: {
    /** The Iceberg REST catalog holding the model versions table (Nessie: `http://host:19120/iceberg`). */
    catalogUri: string;
    /** Warehouse name passed to the catalog's /v1/config. Default `warehouse`. */
    warehouse?: string;
    /** `namespace.table` of the model versions (one row per training run). Default `recsys.model_versions`. */
    table?: string;
    /** The bucket of the model artifacts and of `promoted.json`. Default `warehouse`. */
    bucket?: string;
    /**
     * Key prefix of the models in the bucket: versions under `<prefix>/versions/<versionId>/`,
     * the promotion in `<prefix>/promoted.json`. Default `models/recommender`.
     */
    prefix?: string;
    /**
     * Entity ref of the catalog entity that serves the models (the Ray Serve app's component):
     * promoting is decided on it (`recommender.model.promote`). Default `component:default/recommendation-service`.
     */
    servingEntity?: string;
    /** The object store of the table's files and the models; credentials from the AWS default chain. */
    objectStore?: {
      endpoint?: string;
      region?: string;
      forcePathStyle?: boolean;
      /** An object (table file, model.json, promoted.json) bigger than this many bytes is refused. Default 64 MiB. */
      maxObjectBytes?: number;
    };
    /** How often the versions table is read. Default 30 seconds. */
    refreshInterval?: string | HumanDuration;
    /** Bound of one catalog or object-store call (a hung server fails it). Default 10 seconds. */
    timeout?: string | HumanDuration;
    /** Bound of one whole refresh of the table: past it the versions shown are marked stale. Default 60 seconds. */
    refreshTimeout?: string | HumanDuration;
    /**
     * The Ray Serve application that serves the promoted version (apps/recommender-serving): its
     * health for `GET /serve`, and its answers for `GET /recommendations`. Without it `/serve`
     * answers `configured: false` and `/recommendations` 503.
     */
    serve?: {
      /** The Ray dashboard, where Ray Serve's REST API is (`/api/serve/applications/`), e.g. `http://127.0.0.1:8265`. */
      dashboardUrl?: string;
      /**
       * The application's HTTP endpoint: Serve's proxy and the application's route prefix, where
       * `/recommend` and `/status` are, e.g. `http://127.0.0.1:8000`.
       */
      url?: string;
      /** The Serve application's name. Default `recommender`. */
      application?: string;
      /** Bound of one call to the dashboard or the application. Default 5 seconds. */
      timeout?: string | HumanDuration;
      /** An answer bigger than this many bytes is refused. Default 4 MiB. */
      maxResponseBytes?: number;
    };
    /** `namespace.table` of the users to try recommendations for (apps/batch-etl). Default `demo.users`. */
    usersTable?: string;
    /** `namespace.table` of the products' names, categories and prices (apps/batch-etl). Default `demo.products`. */
    productsTable?: string;
    /**
     * Key in `bucket` of the clickstream the trainer reads (JSON lines), for a user's latest events.
     * Read whole, within `objectStore.maxObjectBytes`. Default `data/clickstream.json`.
     */
    clickstream?: string;
  };
}
