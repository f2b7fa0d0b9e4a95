import type {
  DetailSectionError,
  EngineData,
  JobDetailResponse,
} from '@internal/plugin-lakehouse-common';
import type { EngineInstance } from '../../config';
import { EngineHttp, segment } from '../EngineHttp';
import { upstreamStatus } from '../http';
import { readSection } from '../readSection';
import type { EngineClient } from '../types';
import {
  flinkBackpressureSchema,
  flinkCheckpointsSchema,
  flinkExceptionsSchema,
  flinkJobPlanSchema,
  flinkJobSchema,
  type FlinkJobPlan,
  flinkJobsOverviewSchema,
  flinkOverviewSchema,
  flinkTaskManagersSchema,
  flinkWatermarksSchema,
} from './flinkSchemas';
import { FlinkJobTypes } from './FlinkJobTypes';
import {
  FlinkVertexLive,
  flinkJobEnded,
  mapFlinkCluster,
  mapFlinkJob,
  mapFlinkJobDetail,
} from './mapFlink';

/** Backpressure and watermarks cost two calls per vertex: sampled for graphs up to this size. */
const MAX_SAMPLED_VERTICES = 16;

/** Reads a Flink JobManager's REST API (session cluster). */
export class FlinkRestClient implements EngineClient {
  readonly #http: EngineHttp;
  readonly #jobTypes = new FlinkJobTypes(
    async (jobId, signal) =>
      (await this.fetchJobPlan(jobId, signal))?.['job-type'],
  );

  constructor(instance: EngineInstance) {
    this.#http = new EngineHttp(instance);
  }

  async fetchSnapshot(signal?: AbortSignal): Promise<EngineData> {
    const [overview, taskManagers, jobs] = await Promise.all([
      this.#http.get(flinkOverviewSchema, '/overview', { signal }),
      this.#http.get(flinkTaskManagersSchema, '/taskmanagers', { signal }),
      this.#http.get(flinkJobsOverviewSchema, '/jobs/overview', { signal }),
    ]);
    // Only a job that has not ended can be long-running: an ended one's type is not worth a read.
    const streaming = await this.#jobTypes.of(
      jobs.jobs.filter(j => !flinkJobEnded(j.state)).map(j => j.jid),
      signal,
    );
    const { name, url } = this.#http.instance;
    return mapFlinkCluster(overview, taskManagers, jobs, {
      instance: name,
      url,
      streaming,
    });
  }

  async fetchJobDetail(
    jobId: string,
    signal?: AbortSignal,
  ): Promise<JobDetailResponse | undefined> {
    const path = `/jobs/${segment(jobId)}`;
    let job;
    try {
      job = await this.#http.get(flinkJobSchema, path, { signal });
    } catch (e) {
      // Flink answers 404 for unknown ids, and 400 for ids that are not 32 hex digits.
      const status = upstreamStatus(e);
      if (status === 404 || status === 400) return undefined;
      throw e;
    }
    const sectionErrors: DetailSectionError[] = [];
    const [checkpoints, exceptions, live] = await Promise.all([
      readSection(
        sectionErrors,
        'checkpoints',
        this.#http
          .get(flinkCheckpointsSchema, `${path}/checkpoints`, { signal })
          .catch(e => {
            // Flink's answer for a job without checkpointing (batch jobs): there are none.
            if (upstreamStatus(e) === 404) return null;
            throw e;
          }),
      ),
      readSection(
        sectionErrors,
        'exceptions',
        this.#http.get(
          flinkExceptionsSchema,
          `${path}/exceptions?maxExceptions=10`,
          { signal },
        ),
      ),
      this.#sampleVertices(path, job, signal),
    ]);
    const { name, url } = this.#http.instance;
    return {
      job: mapFlinkJob(job, name, url),
      detail: mapFlinkJobDetail(
        job,
        checkpoints ?? null,
        exceptions,
        live,
        sectionErrors,
      ),
    };
  }

  /** The job's name, type and plan, for lineage and the snapshot; undefined when Flink no longer knows the job. */
  async fetchJobPlan(
    jobId: string,
    signal?: AbortSignal,
  ): Promise<FlinkJobPlan | undefined> {
    try {
      return await this.#http.get(
        flinkJobPlanSchema,
        `/jobs/${segment(jobId)}`,
        { signal },
      );
    } catch (e) {
      const status = upstreamStatus(e);
      if (status === 404 || status === 400) return undefined;
      throw e;
    }
  }

  /** Backpressure and watermarks of a running job's vertices; whatever Flink does not answer is left out. */
  async #sampleVertices(
    path: string,
    job: { state: string; vertices: { id: string }[] },
    signal?: AbortSignal,
  ): Promise<Map<string, FlinkVertexLive>> {
    const live = new Map<string, FlinkVertexLive>();
    if (job.state !== 'RUNNING' || job.vertices.length > MAX_SAMPLED_VERTICES)
      return live;
    await Promise.all(
      job.vertices.map(async v => {
        const vertex = `${path}/vertices/${segment(v.id)}`;
        const [backpressure, watermarks] = await Promise.all([
          this.#http
            .get(flinkBackpressureSchema, `${vertex}/backpressure`, { signal })
            .catch(() => undefined),
          this.#http
            .get(flinkWatermarksSchema, `${vertex}/watermarks`, { signal })
            .catch(() => undefined),
        ]);
        live.set(v.id, { backpressure, watermarks });
      }),
    );
    return live;
  }
}
