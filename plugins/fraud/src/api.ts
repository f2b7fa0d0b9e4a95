import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/frontend-plugin-api';
import type {
  FraudSummaryResponse,
  SimulationControlRequest,
  SimulationState,
} from '@internal/plugin-fraud-common';

export type { FraudSummaryResponse, SimulationControlRequest, SimulationState };

export interface FraudApi {
  getSummary(range: {
    from?: string;
    to?: string;
  }): Promise<FraudSummaryResponse>;
  /** The clickstream simulator: what it does now, and whether the caller may shape it. */
  getSimulation(): Promise<SimulationState>;
  /** Starts, stops or reshapes the live simulator run; answers the new state. */
  controlSimulation(change: SimulationControlRequest): Promise<SimulationState>;
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

  async getSimulation() {
    const base = await this.deps.discoveryApi.getBaseUrl('fraud');
    const res = await this.deps.fetchApi.fetch(`${base}/simulation`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as SimulationState;
  }

  async controlSimulation(change: SimulationControlRequest) {
    const base = await this.deps.discoveryApi.getBaseUrl('fraud');
    const res = await this.deps.fetchApi.fetch(`${base}/simulation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(change),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as SimulationState;
  }
}
