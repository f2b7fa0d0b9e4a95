import type { EngineData, JobSummary } from '@internal/plugin-lakehouse-common';
import type { JsonObject } from '@backstage/types';

/** Details of one job, read from the engine on demand (not part of the polled snapshot). */
export interface JobDetail {
  job: JobSummary;
  /** Engine-specific extras: Flink vertices/checkpoints/exceptions, Ray logs, Spark app/driver info. */
  detail: JsonObject;
}

/**
 * The one interface the snapshot store and router use; one implementation per
 * engine, each only calling its configured base URL.
 */
export interface EngineClient {
  /** Cluster capacity and the job list, for the polled snapshot. */
  fetchSnapshot(signal?: AbortSignal): Promise<EngineData>;
  /** One job with its details, or undefined if the engine does not know it. */
  fetchJobDetail(
    jobId: string,
    signal?: AbortSignal,
  ): Promise<JobDetail | undefined>;
}
