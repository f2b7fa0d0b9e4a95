import { useApi } from '@backstage/frontend-plugin-api';
import { JobsPage, JobsQuery, lakehouseApiRef } from '../api/LakehouseApi';
import { PolledState, PollingOptions, usePolling } from './usePolling';
import { useJobChangeSignals } from './useJobChangeSignals';

/**
 * One page of jobs, searched, filtered and paged by the backend, refreshed
 * every 10 s while the tab is visible.
 * @public
 */
export function useJobs(
  query: JobsQuery,
  options?: PollingOptions<JobsPage>,
): PolledState<JobsPage> {
  const api = useApi(lakehouseApiRef);
  const { engine, instance, states, q, limit, offset, sort, order } = query;
  const stateKey = states?.join(',') ?? '';
  const polled = usePolling(
    () =>
      api.getJobs({
        engine,
        instance,
        states: stateKey
          ? (stateKey.split(',') as JobsQuery['states'])
          : undefined,
        q,
        limit,
        offset,
        sort,
        order,
      }),
    [api, engine, instance, stateKey, q, limit, offset, sort, order],
    options,
  );
  useJobChangeSignals(polled.retry, { engine, instance });
  return polled;
}
