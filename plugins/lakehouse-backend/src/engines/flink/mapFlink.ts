import { FLINK_JOB_STATES } from '@internal/plugin-lakehouse-common';
import type { EngineData, JobSummary } from '@internal/plugin-lakehouse-common';
import type { JsonObject } from '@backstage/types';
import {
  MIB,
  epochMsToIso,
  jobSummary,
  normaliseState,
  usage,
} from '../mapping';
import type {
  FlinkCheckpoints,
  FlinkExceptions,
  FlinkJob,
  FlinkJobsOverview,
  FlinkOverview,
  FlinkTaskManagers,
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

export function mapFlinkJob(
  job: FlinkJobTimes,
  instance: string,
  url: string,
): JobSummary {
  const state = normaliseState(FLINK_JOB_STATES, job.state);
  const ended =
    state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED';
  return jobSummary({
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
}

const memoryMiB = (
  r: FlinkTaskManagers['taskmanagers'][number]['totalResource'],
) => r.taskHeapMemory + r.taskOffHeapMemory + r.managedMemory + r.networkMemory;

export function mapFlinkCluster(
  overview: FlinkOverview,
  taskManagers: FlinkTaskManagers,
  jobs: FlinkJobsOverview,
  ctx: { instance: string; url: string },
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
    jobs: jobs.jobs.map(j => mapFlinkJob(j, ctx.instance, ctx.url)),
  };
}

/** The detail page's Flink part: vertices, checkpoint counts, recent exceptions. */
export function mapFlinkJobDetail(
  job: FlinkJob,
  checkpoints: FlinkCheckpoints | undefined,
  exceptions: FlinkExceptions | undefined,
): JsonObject {
  return {
    vertices: job.vertices.map(v => ({
      id: v.id,
      name: v.name,
      parallelism: v.parallelism,
      status: v.status,
      durationMs: v.duration,
    })),
    checkpoints: checkpoints
      ? {
          ...checkpoints.counts,
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
  };
}
