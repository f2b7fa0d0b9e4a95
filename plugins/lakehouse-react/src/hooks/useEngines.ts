import { useApi } from '@backstage/frontend-plugin-api';
import { EngineInstanceSummary, lakehouseApiRef } from '../api/LakehouseApi';
import { PolledState, PollingOptions, usePolling } from './usePolling';

/**
 * Every configured engine instance (cluster summary, job counts, last error),
 * refreshed every 10 s while the tab is visible.
 * @public
 */
export function useEngines(
  options?: PollingOptions,
): PolledState<EngineInstanceSummary[]> {
  const api = useApi(lakehouseApiRef);
  return usePolling(() => api.getEngines(), [api], options);
}
