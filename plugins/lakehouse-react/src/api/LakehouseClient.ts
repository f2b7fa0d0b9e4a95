import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  jobsQueryString,
  type CancelJobResponse,
  type EngineInstanceSummary,
  type EngineKind,
  type EngineSnapshot,
  type EnginesQuery,
  type EnginesResponse,
  type JobDetailResponse,
  type JobsPage,
  type JobsQuery,
  type JobStateRequest,
  type JobStateResponse,
  type RerunJobRequest,
  type RestorePointsResponse,
  type SavepointResponse,
  type SubmitJobResult,
} from '@internal/plugin-lakehouse-common';
import type { LakehouseApi } from './LakehouseApi';

const enc = encodeURIComponent;
const jobPath = (engine: EngineKind, instance: string, jobId: string) =>
  `/jobs/${enc(engine)}/${enc(instance)}/${enc(jobId)}`;

/**
 * {@link LakehouseApi} over the lakehouse backend plugin's HTTP API.
 * @public
 */
export class LakehouseClient implements LakehouseApi {
  readonly #discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  readonly #fetchApi: Pick<FetchApi, 'fetch'>;

  constructor(options: {
    discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
    fetchApi: Pick<FetchApi, 'fetch'>;
  }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  async getEngines(
    options?: EnginesQuery & { signal?: AbortSignal },
  ): Promise<EngineInstanceSummary[]> {
    const params = new URLSearchParams();
    if (options?.engine) params.set('engine', options.engine);
    if (options?.firstJobs) params.set('firstJobs', String(options.firstJobs));
    const search = params.toString();
    const body = await this.#fetchJson<EnginesResponse>(
      `/engines${search ? `?${search}` : ''}`,
      options?.signal,
    );
    return body.items;
  }

  getEngineSnapshot(
    engine: EngineKind,
    instance: string,
    options?: { signal?: AbortSignal },
  ): Promise<EngineSnapshot> {
    return this.#fetchJson(
      `/engines/${enc(engine)}/${enc(instance)}`,
      options?.signal,
    );
  }

  getJobs(
    query: JobsQuery,
    options?: { signal?: AbortSignal },
  ): Promise<JobsPage> {
    const search = jobsQueryString(query);
    return this.#fetchJson(
      `/jobs${search ? `?${search}` : ''}`,
      options?.signal,
    );
  }

  getJob(
    engine: EngineKind,
    instance: string,
    jobId: string,
    options?: { signal?: AbortSignal },
  ): Promise<JobDetailResponse> {
    return this.#fetchJson(jobPath(engine, instance, jobId), options?.signal);
  }

  cancelJob(
    engine: EngineKind,
    instance: string,
    jobId: string,
  ): Promise<CancelJobResponse> {
    return this.#post(`${jobPath(engine, instance, jobId)}/cancel`, {});
  }

  savepoint(
    engine: EngineKind,
    instance: string,
    jobId: string,
    options: { stop: boolean; drain?: boolean },
  ): Promise<SavepointResponse> {
    const path = jobPath(engine, instance, jobId);
    return options.stop
      ? this.#post(`${path}/stop`, { drain: options.drain ?? false })
      : this.#post(`${path}/savepoints`, {});
  }

  getRestorePoints(
    engine: EngineKind,
    instance: string,
    jobId: string,
    options?: { signal?: AbortSignal },
  ): Promise<RestorePointsResponse> {
    return this.#fetchJson(
      `${jobPath(engine, instance, jobId)}/restore-points`,
      options?.signal,
    );
  }

  rerunJob(
    engine: EngineKind,
    instance: string,
    jobId: string,
    request: RerunJobRequest,
  ): Promise<SubmitJobResult> {
    return this.#post(`${jobPath(engine, instance, jobId)}/rerun`, request);
  }

  setJobState(
    engine: EngineKind,
    instance: string,
    jobId: string,
    request: JobStateRequest,
  ): Promise<JobStateResponse> {
    return this.#post(`${jobPath(engine, instance, jobId)}/state`, request);
  }

  #post<T>(path: string, body: object): Promise<T> {
    return this.#fetchJson(path, undefined, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async #fetchJson<T>(
    path: string,
    signal?: AbortSignal,
    init?: RequestInit,
  ): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('lakehouse');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
