import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/frontend-plugin-api';
import type { FraudSummaryResponse } from '@internal/plugin-fraud-common';

export type { FraudSummaryResponse };

export interface FraudApi {
  getSummary(range: {
    from?: string;
    to?: string;
  }): Promise<FraudSummaryResponse>;
}

export const fraudApiRef = createApiRef<FraudApi>({ id: 'plugin.fraud.api' });

export class FraudClient implements FraudApi {
  constructor(
    private readonly deps: {
      discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
      fetchApi: Pick<FetchApi, 'fetch'>;
    },
  ) {}

  async getSummary(range: { from?: string; to?: string }) {
    const query = new URLSearchParams(
      Object.entries(range).filter(([, v]) => v) as [string, string][],
    );
    const base = await this.deps.discoveryApi.getBaseUrl('fraud');
    const res = await this.deps.fetchApi.fetch(`${base}/summary?${query}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as FraudSummaryResponse;
  }
}
