import type {
  EngineData,
  JobDetailResponse,
  SparkJobDetail,
} from '@internal/plugin-lakehouse-common';
import type { EngineInstance } from '../../config';
import { EngineHttp, segment } from '../EngineHttp';
import { readSection } from '../readSection';
import type { EngineClient } from '../types';
import {
  mapSparkApplicationDetail,
  mapSparkDriverDetail,
  mapSparkMaster,
} from './mapSparkMaster';
import {
  sparkMasterStateSchema,
  sparkSubmissionStatusSchema,
} from './sparkSchemas';

/** Reads a Spark standalone master's `/json/` and, for driver details, the REST submission server. */
export class SparkMasterClient implements EngineClient {
  readonly #http: EngineHttp;
  readonly #now: () => number;

  constructor(instance: EngineInstance, now: () => number = Date.now) {
    this.#http = new EngineHttp(instance);
    this.#now = now;
  }

  async fetchSnapshot(signal?: AbortSignal): Promise<EngineData> {
    // The trailing slash matters: `/json` answers a redirect, which is not followed.
    const state = await this.#http.get(sparkMasterStateSchema, '/json/', {
      signal,
    });
    const { name, url } = this.#http.instance;
    return mapSparkMaster(state, { instance: name, url, now: this.#now() });
  }

  async fetchJobDetail(
    jobId: string,
    signal?: AbortSignal,
  ): Promise<JobDetailResponse | undefined> {
    const state = await this.#http.get(sparkMasterStateSchema, '/json/', {
      signal,
    });
    const { name, url, restUrl } = this.#http.instance;
    const job = mapSparkMaster(state, {
      instance: name,
      url,
      now: this.#now(),
    }).jobs.find(j => j.id === jobId);
    if (!job) {
      return undefined;
    }
    if (job.kind === 'application') {
      const app = [...state.activeapps, ...state.completedapps].find(
        a => a.id === jobId,
      );
      return { job, detail: mapSparkApplicationDetail(app) };
    }
    const driver = [...state.activedrivers, ...state.completeddrivers].find(
      d => d.id === jobId,
    );
    const detail: SparkJobDetail = mapSparkDriverDetail(driver);
    if (restUrl) {
      // The submission server knows why a driver failed (`message`); the master does not.
      const status = await readSection(
        detail.sectionErrors,
        'submission',
        this.#http.get(
          sparkSubmissionStatusSchema,
          `/v1/submissions/status/${segment(jobId)}`,
          { signal, baseUrl: restUrl },
        ),
      );
      if (status) {
        const { driverState, workerHostPort, message } = status;
        detail.submission = { driverState, workerHostPort, message };
      }
    }
    return { job, detail };
  }
}
