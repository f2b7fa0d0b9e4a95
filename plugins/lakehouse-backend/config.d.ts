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
}

export interface Config {
  lakehouse?: {
    /**
     * The engines the backend watches. It only ever calls these URLs.
     */
    engines?: {
      spark?: Array<
        EngineInstanceConfig & {
          /** Spark REST submission server (`:6066`), used for driver details and submissions. */
          restUrl?: string;
        }
      >;
      flink?: EngineInstanceConfig[];
      ray?: EngineInstanceConfig[];
    };
  };
}
