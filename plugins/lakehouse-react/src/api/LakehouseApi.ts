import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ClusterSummary,
  EngineError,
  EngineKind,
  EngineSnapshot,
  JobState,
  JobsPage,
  JobSummary,
  ServiceSummary,
} from '@internal/plugin-lakehouse-common';

export type { JobsPage };

/**
 * One engine instance as `GET /engines` lists it: the snapshot without its
 * job list, plus job counts per state.
 * @public
 */
export interface EngineInstanceSummary {
  engine: EngineKind;
  instance: string;
  fetchedAt?: string;
  ageMs?: number;
  error?: EngineError;
  failedAt?: string;
  cluster?: ClusterSummary;
  jobCounts?: Record<JobState, number>;
  services?: ServiceSummary[];
  /** The newest jobs, when {@link EnginesQuery.firstJobs} asked for them. */
  firstJobs?: JobsPage;
}

/**
 * The query of `GET /engines`.
 * @public
 */
export interface EnginesQuery {
  /** Only this engine's instances. */
  engine?: EngineKind;
  /** Also each instance's newest jobs (1–100): a page shows its tables from one request. */
  firstJobs?: number;
}

/**
 * The query of `GET /jobs`. Results are newest first (by start time).
 * @public
 */
export interface JobsQuery {
  engine?: EngineKind;
  instance?: string;
  /** Any of these states; all states when empty. */
  states?: JobState[];
  /** Case-insensitive substring of the job name or id. */
  q?: string;
  /** Page size, 1–500 (server default 50). */
  limit?: number;
  offset?: number;
  /** Sorted by the server over all matching jobs. Default: start time, newest first. */
  sort?: 'startTime' | 'name' | 'state' | 'durationMs';
  /** Default: desc for startTime, asc otherwise. */
  order?: 'asc' | 'desc';
}

/**
 * `GET /jobs/:engine/:instance/:jobId`: the job and its engine-specific
 * details, read from the engine on demand.
 * @public
 */
export interface JobDetailResponse {
  job: JobSummary;
  /** Spark `application`/`driver`/`submission`, Flink `vertices`/`checkpoints`/`exceptions`, Ray `logs`/`entrypoint`/... */
  detail: Record<string, unknown>;
}

/**
 * The lakehouse backend's status API.
 * @public
 */
export interface LakehouseApi {
  /** Every configured engine instance with cluster summary, job counts and last error. */
  getEngines(
    options?: EnginesQuery & { signal?: AbortSignal },
  ): Promise<EngineInstanceSummary[]>;
  /** One engine instance's full snapshot, with its job list. */
  getEngineSnapshot(
    engine: EngineKind,
    instance: string,
    options?: { signal?: AbortSignal },
  ): Promise<EngineSnapshot>;
  /** Searches, filters and pages jobs across instances. */
  getJobs(
    query: JobsQuery,
    options?: { signal?: AbortSignal },
  ): Promise<JobsPage>;
  /** One job with its details; rejects with a 404 ResponseError for an unknown job. */
  getJob(
    engine: EngineKind,
    instance: string,
    jobId: string,
    options?: { signal?: AbortSignal },
  ): Promise<JobDetailResponse>;
}

/**
 * The lakehouse status API; the `lakehouse` frontend plugin provides it.
 * @public
 */
export const lakehouseApiRef = createApiRef<LakehouseApi>().with({
  id: 'plugin.lakehouse.service',
  pluginId: 'lakehouse',
});
