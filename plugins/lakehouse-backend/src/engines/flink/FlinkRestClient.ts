import type { EngineData } from '@internal/plugin-lakehouse-common';
import type { EngineInstance } from '../../config';
import { EngineHttp, segment } from '../EngineHttp';
import { EngineFetchError } from '../http';
import type { EngineClient, JobDetail } from '../types';
import {
  flinkCheckpointsSchema,
  flinkExceptionsSchema,
  flinkJobSchema,
  flinkJobsOverviewSchema,
  flinkOverviewSchema,
  flinkTaskManagersSchema,
} from './flinkSchemas';
import { mapFlinkCluster, mapFlinkJob, mapFlinkJobDetail } from './mapFlink';

/** Reads a Flink JobManager's REST API (session cluster). */
export class FlinkRestClient implements EngineClient {
  readonly #http: EngineHttp;

  constructor(instance: EngineInstance) {
    this.#http = new EngineHttp(instance);
  }

  async fetchSnapshot(signal?: AbortSignal): Promise<EngineData> {
    const [overview, taskManagers, jobs] = await Promise.all([
      this.#http.get(flinkOverviewSchema, '/overview', { signal }),
      this.#http.get(flinkTaskManagersSchema, '/taskmanagers', { signal }),
      this.#http.get(flinkJobsOverviewSchema, '/jobs/overview', { signal }),
    ]);
    const { name, url } = this.#http.instance;
    return mapFlinkCluster(overview, taskManagers, jobs, {
      instance: name,
      url,
    });
  }

  async fetchJobDetail(
    jobId: string,
    signal?: AbortSignal,
  ): Promise<JobDetail | undefined> {
    const path = `/jobs/${segment(jobId)}`;
    let job;
    try {
      job = await this.#http.get(flinkJobSchema, path, { signal });
    } catch (e) {
      // Flink answers 404 for unknown ids, and 400 for ids that are not 32 hex digits.
      const status =
        e instanceof EngineFetchError ? e.engineError.status : undefined;
      if (status === 404 || status === 400) return undefined;
      throw e;
    }
    // Batch jobs may have no checkpoint statistics; the detail page shows what there is.
    const [checkpoints, exceptions] = await Promise.all([
      this.#http
        .get(flinkCheckpointsSchema, `${path}/checkpoints`, { signal })
        .catch(() => undefined),
      this.#http
        .get(flinkExceptionsSchema, `${path}/exceptions?maxExceptions=10`, {
          signal,
        })
        .catch(() => undefined),
    ]);
    const { name, url } = this.#http.instance;
    return {
      job: mapFlinkJob(job, name, url),
      detail: mapFlinkJobDetail(job, checkpoints, exceptions),
    };
  }
}
