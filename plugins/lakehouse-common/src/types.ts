/**
 * The engines the lakehouse plugins watch.
 * @public
 */
export type EngineKind = 'spark' | 'flink' | 'ray';

/** @public */
export const ENGINE_KINDS: readonly EngineKind[] = ['spark', 'flink', 'ray'];

/**
 * One job state for all engines. The engine's own word is kept beside it in
 * {@link JobSummary.rawState}, so nothing is lost by normalising.
 * @public
 */
export type JobState =
  | 'PENDING'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'CANCELLED'
  | 'UNKNOWN';

/** @public */
export const JOB_STATES: readonly JobState[] = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'UNKNOWN',
];

/** @public */
export interface JobLink {
  title: string;
  url: string;
}

/**
 * A job, application or driver as the status pages list it.
 * @public
 */
export interface JobSummary {
  /** The engine's id: Spark app/driver id, Flink job id, Ray submission id. */
  id: string;
  name: string;
  engine: EngineKind;
  /** The configured instance name (`lakehouse.engines.<engine>[].name`). */
  instance: string;
  /** What the engine calls the thing: a Spark `application` or `driver`, else `job`. */
  kind: 'application' | 'driver' | 'job';
  state: JobState;
  rawState: string;
  /** ISO 8601 times; absent when the engine does not know them (yet). */
  startTime?: string;
  endTime?: string;
  durationMs?: number;
  links: JobLink[];
  /** Kept by the portal from an earlier poll: the engine no longer lists the job (restarted, retention). */
  fromHistory?: true;
  /**
   * Flink only: whether the job is a streaming job (false: batch), from the job's `job-type`, which
   * Flink's job list does not carry. Absent when unknown (not read yet, or the read failed).
   */
  streaming?: boolean;
}

/**
 * Used and total amount of one resource.
 * @public
 */
export interface ResourceUsage {
  used: number;
  total: number;
}

/**
 * The capacity of one engine instance.
 * @public
 */
export interface ClusterSummary {
  /** Spark workers, Flink task managers or Ray nodes. */
  nodeKind: 'worker' | 'taskmanager' | 'node';
  nodes: { alive: number; total: number };
  /** Cores (Spark) or CPUs (Ray). */
  cpu?: ResourceUsage;
  /** Task slots (Flink). */
  slots?: ResourceUsage;
  memoryBytes?: ResourceUsage;
  version?: string;
}

/**
 * Why the last poll of an engine failed. `http` carries the upstream status.
 * @public
 */
export interface EngineError {
  kind: 'timeout' | 'unreachable' | 'http' | 'malformed' | 'too-large';
  message: string;
  status?: number;
}

/**
 * A long-running service hosted by an engine (Ray Serve applications).
 * @public
 */
export interface ServiceSummary {
  name: string;
  /** The engine's status word, e.g. Ray Serve's `RUNNING`, `DEPLOYING`, `DEPLOY_FAILED`. */
  rawStatus: string;
  routePrefix?: string;
}

/** @public */
export interface EngineData {
  cluster: ClusterSummary;
  jobs: JobSummary[];
  /** Only for engines that host services and expose them (Ray with Serve installed). */
  services?: ServiceSummary[];
}

/**
 * What the backend knows about one engine instance. A failing engine is data
 * here, not an exception: `error` says what went wrong at the last poll while
 * `data` (with its `fetchedAt`/`ageMs`) is the last good answer, if any.
 * Neither `data` nor `error` means the first poll has not finished yet.
 * @public
 */
export interface EngineSnapshot<T = EngineData> {
  engine: EngineKind;
  instance: string;
  data?: T;
  /** ISO 8601 time of the last successful poll. */
  fetchedAt?: string;
  /** Milliseconds since `fetchedAt`, computed when the snapshot is served. */
  ageMs?: number;
  error?: EngineError;
  /** ISO 8601 time of the failed poll that produced `error`. */
  failedAt?: string;
}

/**
 * One page of `GET /jobs`.
 * @public
 */
export interface JobsPage {
  items: JobSummary[];
  total: number;
  limit: number;
  offset: number;
  /** Instances whose last poll failed; their jobs are from the last good poll, if any. */
  errors: Array<
    Pick<EngineSnapshot, 'engine' | 'instance' | 'error' | 'ageMs'>
  >;
}
