import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  jobsQueryString,
  type EngineInstanceSummary,
  type EngineKind,
  type EngineSnapshot,
  type EnginesQuery,
  type EnginesResponse,
  type JobDetailResponse,
  type JobsPage,
  type JobsQuery,
} from '@internal/plugin-lakehouse-common';
import type { LakehouseApi } from './LakehouseApi';

const enc = encodeURIComponent;

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
    const body = await this.#get<EnginesResponse>(
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
    return this.#get(
      `/engines/${enc(engine)}/${enc(instance)}`,
      options?.signal,
    );
  }

  getJobs(
    query: JobsQuery,
    options?: { signal?: AbortSignal },
  ): Promise<JobsPage> {
    const search = jobsQueryString(query);
    return this.#get(`/jobs${search ? `?${search}` : ''}`, options?.signal);
  }

  getJob(
    engine: EngineKind,
    instance: string,
    jobId: string,
    options?: { signal?: AbortSignal },
  ): Promise<JobDetailResponse> {
    return this.#get(
      `/jobs/${enc(engine)}/${enc(instance)}/${enc(jobId)}`,
      options?.signal,
    );
  }

  async #get<T>(path: string, signal?: AbortSignal): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('lakehouse');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, {
      signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
