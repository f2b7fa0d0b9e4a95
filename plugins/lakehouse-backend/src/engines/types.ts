import type {
  EngineData,
  JobDetailResponse,
} from '@internal/plugin-lakehouse-common';

/**
 * The one interface the snapshot store and router use; one implementation per
 * engine, each only calling its configured base URL.
 */
export interface EngineClient {
  /** Cluster capacity and the job list, for the polled snapshot. */
  fetchSnapshot(signal?: AbortSignal): Promise<EngineData>;
  /** One job with its details (read on demand, not polled), or undefined if the engine does not know it. */
  fetchJobDetail(
    jobId: string,
    signal?: AbortSignal,
  ): Promise<JobDetailResponse | undefined>;
}

/** One submission as an engine submitter receives it: validated, code checked. */
export interface SubmissionContext {
  request: import('@internal/plugin-lakehouse-common').SubmitJobRequest;
  project: import('../staging/ProjectArchive').ProjectArchive;
  /** Unique per submission: names the staging folder. */
  submissionId: string;
  /** Requirements, environment and secrets, resolved and checked. */
  settings: import('./appSettings').AppSettings;
  /** Flink: start from this savepoint or retained checkpoint. */
  restore?: { path: string; allowNonRestoredState: boolean };
}

/** Savepoints, for the engines that have them (Flink): what stopping and resuming with state need. */
export interface SavepointControls {
  /** Writes a savepoint; with `stop`, the job ends once it is written. */
  savepoint(
    jobId: string,
    options: { stop: boolean; drain: boolean },
  ): Promise<{ location: string }>;
  /** The job's savepoints and retained checkpoints, newest first. */
  restorePoints(
    jobId: string,
  ): Promise<import('@internal/plugin-lakehouse-common').RestorePoint[]>;
}

/** Suspending and resuming jobs that are custom resources, as their operators define it. */
export interface ResourceStateControls {
  setState(
    jobId: string,
    wanted: {
      state: 'suspended' | 'running';
      upgradeMode?: 'savepoint' | 'stateless';
    },
  ): Promise<{ kind: string; changed: Record<string, string | boolean> }>;
}

/**
 * Submits to and cancels on one engine instance, through the engine's own
 * API. One implementation per engine, beside its status client.
 */
export interface JobSubmitter {
  /** What the engine will be sent, in words: shown on dry runs and in the task log. */
  plan(
    request: SubmissionContext['request'],
    settings: SubmissionContext['settings'],
  ): string[];
  /**
   * `keptZipKey`: the staging store's key of the project zip, when the submitter stages it anyway
   * (Spark, Flink); absent, the caller keeps the zip there itself, for reruns.
   */
  submit(
    context: SubmissionContext,
  ): Promise<{ jobId: string; codeLocation: string; keptZipKey?: string }>;
  /**
   * Present when the engine can check a submission without running it (the Kubernetes API
   * server's dry run): what it said, added to the dry run's plan. Nothing is staged or stored.
   */
  dryRun?(context: SubmissionContext): Promise<string[]>;
  cancel(jobId: string): Promise<void>;
  /** Where a user sees the job in the engine's own UI; undefined when it has none. */
  engineUiUrl(jobId: string): string | undefined;
  /** Present for engines with savepoints. */
  readonly savepoints?: SavepointControls;
  /** Present for jobs that are custom resources (Kubernetes instances). */
  readonly states?: ResourceStateControls;
}
