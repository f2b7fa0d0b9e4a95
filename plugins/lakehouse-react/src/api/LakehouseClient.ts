import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EngineKind,
  EngineSnapshot,
} from '@internal/plugin-lakehouse-common';
import type {
  EngineInstanceSummary,
  EnginesQuery,
  JobDetailResponse,
  JobsPage,
  JobsQuery,
  LakehouseApi,
} from './LakehouseApi';

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
    const body = await this.#get<{ items: EngineInstanceSummary[] }>(
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
    const params = new URLSearchParams();
    if (query.engine) params.set('engine', query.engine);
    if (query.instance) params.set('instance', query.instance);
    if (query.states?.length) params.set('state', query.states.join(','));
    const q = query.q?.trim();
    if (q) params.set('q', q);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.offset) params.set('offset', String(query.offset));
    if (query.sort) params.set('sort', query.sort);
    if (query.order) params.set('order', query.order);
    const search = params.toString();
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
