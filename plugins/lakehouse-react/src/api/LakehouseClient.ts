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
  type NessieRefsResponse,
  type PlatformHealthResponse,
  type TableCommitsResponse,
  type TableDetailResponse,
  type TableDiffResponse,
  type TableRowsResponse,
} from '@internal/plugin-lakehouse-common';
import type { LakehouseApi } from './LakehouseApi';

const enc = encodeURIComponent;
/** `?a=1&b=2` of the defined values, or nothing. */
function queryString(values: Record<string, string | number | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}
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

  getTable(
    table: string,
    options?: { ref?: string; signal?: AbortSignal },
  ): Promise<TableDetailResponse> {
    return this.#fetchJson(
      `/tables/${enc(table)}${queryString({ ref: options?.ref })}`,
      options?.signal,
    );
  }

  getTableCommits(
    table: string,
    options?: { ref?: string; limit?: number; signal?: AbortSignal },
  ): Promise<TableCommitsResponse> {
    return this.#fetchJson(
      `/tables/${enc(table)}/commits${queryString({
        ref: options?.ref,
        limit: options?.limit,
      })}`,
      options?.signal,
    );
  }

  getTableDiff(
    table: string,
    from: string,
    to: string,
    options?: { signal?: AbortSignal },
  ): Promise<TableDiffResponse> {
    return this.#fetchJson(
      `/tables/${enc(table)}/diff${queryString({ from, to })}`,
      options?.signal,
    );
  }

  getTableRows(
    table: string,
    options?: { ref?: string; limit?: number; signal?: AbortSignal },
  ): Promise<TableRowsResponse> {
    return this.#fetchJson(
      `/tables/${enc(table)}/rows${queryString({
        ref: options?.ref,
        limit: options?.limit,
      })}`,
      options?.signal,
    );
  }

  getNessieRefs(options?: {
    signal?: AbortSignal;
  }): Promise<NessieRefsResponse> {
    return this.#fetchJson('/nessie/refs', options?.signal);
  }

  getPlatformHealth(options?: {
    signal?: AbortSignal;
  }): Promise<PlatformHealthResponse> {
    return this.#fetchJson('/platform/health', options?.signal);
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
