import type {
  EngineData,
  JobDetailResponse,
} from '@internal/plugin-lakehouse-common';
import type { EngineInstance } from '../../config';
import { EngineHttp, segment } from '../EngineHttp';
import { upstreamStatus } from '../http';
import type { EngineClient } from '../types';
import { mapRayCluster, mapRayJob } from './mapRay';
import {
  rayClusterStatusSchema,
  rayJobLogsSchema,
  rayJobSchema,
  rayJobsSchema,
  rayNodesSchema,
  rayServeSchema,
} from './raySchemas';

/** Logs are fetched whole by the Jobs API; refuse more than this, serve at most the tail below. */
export const MAX_LOG_FETCH_BYTES = 2 * 1024 * 1024;
export const MAX_LOG_CHARS = 64 * 1024;

/** Reads a Ray head's dashboard: Jobs API, State API (nodes), cluster status and, if installed, Serve. */
/** Ray colours its own log lines; a web page shows the codes as garbage. */
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPES = /\u001b\[[0-9;]*[A-Za-z]/g;

export class RayDashboardClient implements EngineClient {
  readonly #http: EngineHttp;
  readonly #now: () => number;

  constructor(instance: EngineInstance, now: () => number = Date.now) {
    this.#http = new EngineHttp(instance);
    this.#now = now;
  }

  async fetchSnapshot(signal?: AbortSignal): Promise<EngineData> {
    const [nodes, status, jobs, serve] = await Promise.all([
      this.#http.get(rayNodesSchema, '/api/v0/nodes?limit=100&detail=false', {
        signal,
      }),
      this.#http.get(rayClusterStatusSchema, '/api/cluster_status', { signal }),
      this.#http.get(rayJobsSchema, '/api/jobs/', { signal }),
      // Serve is optional: without `ray[serve]` the dashboard answers 501, which is not an engine failure.
      this.#http
        .get(rayServeSchema, '/api/serve/applications/', { signal })
        .catch(e => {
          if (upstreamStatus(e) === 501 || upstreamStatus(e) === 404)
            return undefined;
          throw e;
        }),
    ]);
    const { name, url } = this.#http.instance;
    return mapRayCluster(nodes, status, jobs, {
      instance: name,
      url,
      now: this.#now(),
      serve,
    });
  }

  async fetchJobDetail(
    jobId: string,
    signal?: AbortSignal,
  ): Promise<JobDetailResponse | undefined> {
    const path = `/api/jobs/${segment(jobId)}`;
    let job;
    try {
      job = await this.#http.get(rayJobSchema, path, { signal });
    } catch (e) {
      if (upstreamStatus(e) === 404) return undefined;
      throw e;
    }
    let logs: string | null = null;
    let logsError: string | null = null;
    try {
      logs = (
        await this.#http.get(rayJobLogsSchema, `${path}/logs`, {
          signal,
          maxBytes: MAX_LOG_FETCH_BYTES,
        })
      ).logs.replace(ANSI_ESCAPES, '');
    } catch (e) {
      logsError = (e as Error).message;
    }
    const truncated = logs !== null && logs.length > MAX_LOG_CHARS;
    const { name, url } = this.#http.instance;
    return {
      job: mapRayJob(job, name, url, this.#now()),
      detail: {
        source: 'rest',
        engine: 'ray',
        entrypoint: job.entrypoint,
        message: job.message ?? null,
        errorType: job.error_type ?? null,
        driverExitCode: job.driver_exit_code ?? null,
        // The end of a log is where a failure is explained, so keep the tail.
        logs: truncated ? logs!.slice(-MAX_LOG_CHARS) : logs,
        logsTruncated: truncated,
        logsError,
      },
    };
  }
}
