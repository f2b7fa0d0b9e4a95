import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/frontend-plugin-api';
import type {
  ModelVersionsResponse,
  PromotionState,
  RecommendationsResponse,
  ServeHealthResponse,
  UsersResponse,
} from '@internal/plugin-recommender-common';

/** The recommender backend (`/api/recommender`). */
export interface RecommenderApi {
  /** The model versions, newest first, and which one is promoted. */
  getVersions(): Promise<ModelVersionsResponse>;
  /** Promotes a ready version for the serving app; rejects with the backend's error (403, 404, 409, ...). */
  promote(versionId: string): Promise<PromotionState>;
  /** Back to the version promoted before the current one. */
  rollback(): Promise<PromotionState>;
  /** The Serve application's health; failures of its sources are in `errors`. */
  getServeHealth(): Promise<ServeHealthResponse>;
  /** Users whose id or name contains `q`. */
  searchUsers(q: string, limit?: number): Promise<UsersResponse>;
  /** What the recommendation service answers for the user, with product names and the user's latest events. */
  getRecommendations(
    userId: string,
    k?: number,
  ): Promise<RecommendationsResponse>;
}

export const recommenderApiRef = createApiRef<RecommenderApi>({
  id: 'plugin.recommender.api',
});

export class RecommenderClient implements RecommenderApi {
  constructor(
    private readonly deps: {
      discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
      fetchApi: Pick<FetchApi, 'fetch'>;
    },
  ) {}

  async #call<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('recommender');
    const res = await this.deps.fetchApi.fetch(`${base}${path}`, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  getVersions() {
    return this.#call<ModelVersionsResponse>('/versions');
  }

  promote(versionId: string) {
    return this.#call<PromotionState>('/promote', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ versionId }),
    });
  }

  rollback() {
    return this.#call<PromotionState>('/rollback', { method: 'POST' });
  }

  getServeHealth() {
    return this.#call<ServeHealthResponse>('/serve');
  }

  searchUsers(q: string, limit = 10) {
    const query = new URLSearchParams({ limit: String(limit) });
    if (q.trim()) query.set('q', q.trim());
    return this.#call<UsersResponse>(`/users?${query}`);
  }

  getRecommendations(userId: string, k = 10) {
    return this.#call<RecommendationsResponse>(
      `/recommendations?${new URLSearchParams({ userId, k: String(k) })}`,
    );
  }
}
