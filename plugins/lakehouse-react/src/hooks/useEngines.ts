import { useApi } from '@backstage/frontend-plugin-api';
import {
  EngineInstanceSummary,
  EnginesQuery,
  lakehouseApiRef,
} from '../api/LakehouseApi';
import { PolledState, PollingOptions, usePolling } from './usePolling';
import { useJobChangeSignals } from './useJobChangeSignals';

/**
 * The configured engine instances (cluster summary, job counts, last error),
 * refreshed every 10 s while the tab is visible.
 * @public
 */
export function useEngines(
  options?: PollingOptions<EngineInstanceSummary[]>,
  query?: EnginesQuery,
): PolledState<EngineInstanceSummary[]> {
  const api = useApi(lakehouseApiRef);
  const { engine, firstJobs } = query ?? {};
  const polled = usePolling(
    () => api.getEngines({ engine, firstJobs }),
    [api, engine, firstJobs],
    options,
  );
  useJobChangeSignals(polled.retry, { engine });
  return polled;
}
