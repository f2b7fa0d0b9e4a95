import type {
  EngineData,
  JobSummary,
  ServiceSummary,
} from '@internal/plugin-lakehouse-common';
import {
  StateTable,
  epochMsToIso,
  jobSummary,
  normaliseState,
  usage,
} from '../mapping';
import type {
  RayClusterStatus,
  RayJob,
  RayNodes,
  RayServe,
} from './raySchemas';

/** Ray's JobStatus; STOPPED is a user's stop request. */
const JOB_STATES: StateTable = {
  PENDING: 'PENDING',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  STOPPED: 'CANCELLED',
};

/** Submitted jobs are known by submission id; drivers started by `ray.init()` only by job id. */
export const rayJobId = (job: RayJob) => job.submission_id ?? job.job_id ?? '';

export function mapRayJob(
  job: RayJob,
  instance: string,
  url: string,
  now: number,
): JobSummary {
  const state = normaliseState(JOB_STATES, job.status);
  const startTime = epochMsToIso(job.start_time);
  const endTime = epochMsToIso(job.end_time);
  const id = rayJobId(job);
  return jobSummary({
    id,
    name: job.metadata?.name ?? job.metadata?.job_name ?? id,
    engine: 'ray',
    instance,
    kind: 'job',
    state,
    rawState: job.status,
    startTime,
    endTime,
    durationMs:
      startTime && !endTime && state === 'RUNNING'
        ? Math.max(0, now - Date.parse(startTime))
        : undefined,
    // The dashboard resolves both kinds of id on its job page.
    links: id
      ? [
          {
            title: 'Ray dashboard',
            url: `${url}/#/jobs/${encodeURIComponent(id)}`,
          },
        ]
      : [],
  });
}

export function mapRayServe(serve: RayServe): ServiceSummary[] {
  return Object.values(serve.applications).map(app => ({
    name: app.name,
    rawStatus: app.status,
    ...(app.route_prefix && { routePrefix: app.route_prefix }),
  }));
}

export function mapRayCluster(
  nodes: RayNodes,
  status: RayClusterStatus,
  jobs: RayJob[],
  ctx: { instance: string; url: string; now: number; serve?: RayServe },
): EngineData {
  const list = nodes.data.result.result;
  const resources = status.data.clusterStatus.loadMetricsReport.usage;
  const cpu = resources.CPU;
  const memory = resources.memory;
  return {
    cluster: {
      nodeKind: 'node',
      nodes: {
        alive: list.filter(n => n.state === 'ALIVE').length,
        total: list.length,
      },
      ...(cpu && { cpu: usage(cpu[0], cpu[1]) }),
      ...(memory && { memoryBytes: usage(memory[0], memory[1]) }),
    },
    jobs: jobs.map(j => mapRayJob(j, ctx.instance, ctx.url, ctx.now)),
    ...(ctx.serve && { services: mapRayServe(ctx.serve) }),
  };
}
