import {
  BACKPRESSURE_LEVELS,
  FLINK_JOB_STATES,
} from '@internal/plugin-lakehouse-common';
import type {
  BackpressureLevel,
  DetailSectionError,
  EngineData,
  FlinkJobDetail,
  FlinkVertex,
  JobSummary,
} from '@internal/plugin-lakehouse-common';
import {
  MIB,
  epochMsToIso,
  jobSummary,
  normaliseState,
  usage,
} from '../mapping';
import type {
  FlinkBackpressure,
  FlinkCheckpoints,
  FlinkExceptions,
  FlinkJob,
  FlinkJobsOverview,
  FlinkOverview,
  FlinkTaskManagers,
  FlinkWatermarks,
} from './flinkSchemas';

/** Stack traces are kept for the detail page, but not unbounded. */
export const MAX_STACKTRACE_CHARS = 8_000;

export const MAX_ROOT_CAUSE_CHARS = 4_000;

/**
 * The innermost `Caused by:` block without its frames. For PyFlink it ends
 * with the Python traceback's last line, the one a user needs, which sits
 * past the first 8,000 characters of the Java stack trace.
 */
export function rootCause(stacktrace: string): string {
  const at = stacktrace.lastIndexOf('\nCaused by: ');
  const block = stacktrace.slice(at + 1);
  const frame = block.search(/\n\s+at /);
  return (frame >= 0 ? block.slice(0, frame) : block).slice(
    -MAX_ROOT_CAUSE_CHARS,
  );
}

type FlinkJobTimes = FlinkJobsOverview['jobs'][number];

/** Finished, failed, cancelled or suspended: Flink's terminal states. */
export function flinkJobEnded(rawState: string): boolean {
  const state = normaliseState(FLINK_JOB_STATES, rawState);
  return state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED';
}

/** `streaming`: from the job's `job-type` when known (`/jobs/overview` has none). */
export function mapFlinkJob(
  job: FlinkJobTimes,
  instance: string,
  url: string,
  streaming?: boolean,
): JobSummary {
  const state = normaliseState(FLINK_JOB_STATES, job.state);
  const ended = flinkJobEnded(job.state);
  const summary = jobSummary({
    id: job.jid,
    name: job.name,
    engine: 'flink',
    instance,
    kind: 'job',
    state,
    rawState: job.state,
    startTime: epochMsToIso(job['start-time']),
    endTime: epochMsToIso(job['end-time']),
    durationMs: job.duration >= 0 ? job.duration : undefined,
    links: [
      {
        title: 'Flink UI',
        url: `${url}/#/job/${ended ? 'completed' : 'running'}/${
          job.jid
        }/overview`,
      },
    ],
  });
  return streaming === undefined ? summary : { ...summary, streaming };
}

const memoryMiB = (
  r: FlinkTaskManagers['taskmanagers'][number]['totalResource'],
) => r.taskHeapMemory + r.taskOffHeapMemory + r.managedMemory + r.networkMemory;

export function mapFlinkCluster(
  overview: FlinkOverview,
  taskManagers: FlinkTaskManagers,
  jobs: FlinkJobsOverview,
  ctx: {
    instance: string;
    url: string;
    /** job id -> whether it is a streaming job, for the jobs whose type is known. */
    streaming?: ReadonlyMap<string, boolean>;
  },
): EngineData {
  const tms = taskManagers.taskmanagers;
  const sum = (f: (tm: (typeof tms)[number]) => number) =>
    tms.reduce((n, tm) => n + f(tm), 0);
  const totalMemory = sum(tm => memoryMiB(tm.totalResource));
  const totalCpu = sum(tm => tm.totalResource.cpuCores);
  return {
    cluster: {
      nodeKind: 'taskmanager',
      nodes: { alive: overview.taskmanagers, total: overview.taskmanagers },
      slots: usage(
        overview['slots-total'] - overview['slots-available'],
        overview['slots-total'],
      ),
      cpu: usage(totalCpu - sum(tm => tm.freeResource.cpuCores), totalCpu),
      memoryBytes: usage(
        (totalMemory - sum(tm => memoryMiB(tm.freeResource))) * MIB,
        totalMemory * MIB,
      ),
      ...(overview['flink-version'] && { version: overview['flink-version'] }),
    },
    jobs: jobs.jobs.map(j =>
      mapFlinkJob(j, ctx.instance, ctx.url, ctx.streaming?.get(j.jid)),
    ),
  };
}

/** What Flink samples per vertex of a running job (read on demand, per vertex). */
export interface FlinkVertexLive {
  backpressure?: FlinkBackpressure;
  watermarks?: FlinkWatermarks;
}

/** Epoch ms, or undefined for "no watermark yet" (Long.MIN_VALUE) and "end of input" (Long.MAX_VALUE). */
const MAX_DATE_MS = 8.64e15;
function lowestWatermark(watermarks: FlinkWatermarks | undefined) {
  const values = (watermarks ?? [])
    .map(w => Number(w.value))
    .filter(v => Number.isFinite(v) && v >= 0 && v <= MAX_DATE_MS);
  return values.length === (watermarks ?? []).length && values.length > 0
    ? Math.min(...values)
    : undefined;
}

const isLevel = (v: string | undefined): v is BackpressureLevel =>
  (BACKPRESSURE_LEVELS as readonly (string | undefined)[]).includes(v);

function backpressureOf(
  b: FlinkBackpressure | undefined,
): Pick<FlinkVertex, 'backpressure' | 'backpressureRatio'> {
  const level = b?.['backpressure-level']?.toLowerCase();
  if (!b || b.status !== 'ok' || !isLevel(level)) return {};
  const ratios = (b.subtasks ?? []).map(t => t.ratio ?? 0);
  return {
    backpressure: level,
    backpressureRatio: ratios.length ? Math.max(...ratios) : null,
  };
}

type VertexMetrics = NonNullable<FlinkJob['vertices'][number]['metrics']>;

/**
 * Records into the job = what its sources read; records out = what its sinks
 * received (the graph's ends, from the plan); the job's watermark = its sinks'.
 * Each is left out while unknown.
 */
function jobFlow(
  job: FlinkJob,
  live: Map<string, FlinkVertexLive>,
): Pick<FlinkJobDetail, 'records' | 'watermark'> {
  const nodes = job.plan?.nodes;
  if (!nodes) return {};
  const upstream = new Set(nodes.flatMap(n => (n.inputs ?? []).map(i => i.id)));
  const sources = new Set(nodes.filter(n => !n.inputs?.length).map(n => n.id));
  const sinks = (id: string) => !upstream.has(id);
  const sinkWatermarks = job.vertices
    .filter(v => sinks(v.id))
    .map(v => lowestWatermark(live.get(v.id)?.watermarks));
  const watermark = sinkWatermarks.every(w => w !== undefined)
    ? epochMsToIso(Math.min(...(sinkWatermarks as number[]))) ?? null
    : null;
  // Flink reports zeros, flagged incomplete, until its metric fetcher has run: unknown, not zero.
  const known = job.vertices.every(
    v =>
      v.metrics &&
      v.metrics['read-records-complete'] !== false &&
      v.metrics['write-records-complete'] !== false,
  );
  if (!known) return { watermark };
  const sum = (
    ids: (id: string) => boolean,
    count: (m: VertexMetrics) => number,
  ) =>
    job.vertices
      .filter(v => ids(v.id))
      .reduce((n, v) => n + (v.metrics ? count(v.metrics) : 0), 0);
  return {
    records: {
      // Sources differ in what they count: new-style ones (files, Kafka) count their reads as the chain's
      // read-records, legacy ones (datagen) only what the chain writes on. The larger is what was read.
      in: sum(
        id => sources.has(id),
        m => Math.max(m['read-records'] ?? 0, m['write-records'] ?? 0),
      ),
      out: sum(sinks, m => m['read-records'] ?? 0),
    },
    watermark,
  };
}

/**
 * The detail page's Flink part: vertices (records, backpressure, watermark), checkpoints, recent
 * exceptions. `checkpoints` is null for a job that keeps none; a part Flink did not answer is left
 * empty and named in `sectionErrors`.
 */
export function mapFlinkJobDetail(
  job: FlinkJob,
  checkpoints: FlinkCheckpoints | null,
  exceptions: FlinkExceptions | undefined,
  live: Map<string, FlinkVertexLive> = new Map(),
  sectionErrors: DetailSectionError[] = [],
): FlinkJobDetail {
  return {
    source: 'rest',
    engine: 'flink',
    vertices: job.vertices.map((v): FlinkVertex => {
      const sampled = live.get(v.id);
      const watermark = lowestWatermark(sampled?.watermarks);
      return {
        id: v.id,
        name: v.name,
        parallelism: v.parallelism,
        status: v.status,
        durationMs: v.duration,
        ...(v.metrics && {
          readRecords:
            v.metrics['read-records-complete'] === false
              ? null
              : v.metrics['read-records'] ?? null,
          writeRecords:
            v.metrics['write-records-complete'] === false
              ? null
              : v.metrics['write-records'] ?? null,
        }),
        ...backpressureOf(sampled?.backpressure),
        ...(sampled?.watermarks && {
          watermark:
            watermark === undefined ? null : epochMsToIso(watermark) ?? null,
        }),
      };
    }),
    ...jobFlow(job, live),
    checkpoints: checkpoints
      ? {
          total: checkpoints.counts.total,
          inProgress: checkpoints.counts.in_progress,
          completed: checkpoints.counts.completed,
          failed: checkpoints.counts.failed,
          latestCompletedId: checkpoints.latest?.completed?.id ?? null,
          latestCompletedAt:
            epochMsToIso(checkpoints.latest?.completed?.latest_ack_timestamp) ??
            null,
        }
      : null,
    exceptions: (exceptions?.exceptionHistory.entries ?? []).map(e => ({
      name: e.exceptionName ?? null,
      time: epochMsToIso(e.timestamp) ?? null,
      task: e.taskName ?? null,
      rootCause: rootCause(e.stacktrace ?? ''),
      stacktrace: (e.stacktrace ?? '').slice(0, MAX_STACKTRACE_CHARS),
    })),
    sectionErrors,
  };
}
