import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  CancelJobResponse,
  EngineInstanceSummary,
  EngineKind,
  EngineSnapshot,
  EnginesQuery,
  JobDetailResponse,
  JobsPage,
  JobsQuery,
  JobStateRequest,
  JobStateResponse,
  RerunJobRequest,
  RestorePointsResponse,
  SavepointResponse,
  SubmitJobResult,
  NessieRefsResponse,
  PlatformHealthResponse,
  TableCommitsResponse,
  TableDetailResponse,
  TableDiffResponse,
  TableRowsResponse,
} from '@internal/plugin-lakehouse-common';

// The HTTP contract lives in lakehouse-common; re-exported for the pages built on this package.
export type {
  EngineInstanceSummary,
  EnginesQuery,
  JobDetailResponse,
  JobsPage,
  JobsQuery,
};

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
  /** Cancels a job (Spark kills the driver, Ray stops the job, Flink cancels). */
  cancelJob(
    engine: EngineKind,
    instance: string,
    jobId: string,
  ): Promise<CancelJobResponse>;
  /** Flink: writes a savepoint; with `stop`, the job ends once it is written. */
  savepoint(
    engine: EngineKind,
    instance: string,
    jobId: string,
    options: { stop: boolean; drain?: boolean },
  ): Promise<SavepointResponse>;
  /** Flink: the savepoints and retained checkpoints the job can resume from, newest first. */
  getRestorePoints(
    engine: EngineKind,
    instance: string,
    jobId: string,
    options?: { signal?: AbortSignal },
  ): Promise<RestorePointsResponse>;
  /** Runs a job the portal submitted again, from its kept project; Flink may resume from a restore point. */
  rerunJob(
    engine: EngineKind,
    instance: string,
    jobId: string,
    request: RerunJobRequest,
  ): Promise<SubmitJobResult>;
  /** Suspends or resumes a job that is a custom resource, as its operator defines it. */
  setJobState(
    engine: EngineKind,
    instance: string,
    jobId: string,
    request: JobStateRequest,
  ): Promise<JobStateResponse>;
  /** An Iceberg table (`namespace.table`) at a branch or tag (default: Nessie's default branch). */
  getTable(
    table: string,
    options?: { ref?: string; signal?: AbortSignal },
  ): Promise<TableDetailResponse>;
  /** The Nessie commits of `ref` that changed the table, newest first. */
  getTableCommits(
    table: string,
    options?: { ref?: string; limit?: number; signal?: AbortSignal },
  ): Promise<TableCommitsResponse>;
  getTableDiff(
    table: string,
    from: string,
    to: string,
    options?: { signal?: AbortSignal },
  ): Promise<TableDiffResponse>;
  /** The first rows of the current snapshot (needs `lakehouse.table.read-data`). */
  getTableRows(
    table: string,
    options?: { ref?: string; limit?: number; signal?: AbortSignal },
  ): Promise<TableRowsResponse>;
  /** Nessie's branches and tags with their latest commits. */
  getNessieRefs(options?: {
    signal?: AbortSignal;
  }): Promise<NessieRefsResponse>;
  /** Nessie's and the object store's health, checked now. */
  getPlatformHealth(options?: {
    signal?: AbortSignal;
  }): Promise<PlatformHealthResponse>;
}

/**
 * The lakehouse status API; the `lakehouse` frontend plugin provides it.
 * @public
 */
export const lakehouseApiRef = createApiRef<LakehouseApi>().with({
  id: 'plugin.lakehouse.service',
  pluginId: 'lakehouse',
});
