import { useApi } from '@backstage/frontend-plugin-api';
import type { EngineKind } from '@internal/plugin-lakehouse-common';
import { JobDetailResponse, lakehouseApiRef } from '../api/LakehouseApi';
import { PolledState, PollingOptions, usePolling } from './usePolling';
import { useJobChangeSignals } from './useJobChangeSignals';

/**
 * One job with its engine-specific details, refreshed every 10 s while the
 * tab is visible. The backend reads details from the engine on each call.
 * @public
 */
export function useJob(
  engine: EngineKind,
  instance: string,
  jobId: string,
  options?: PollingOptions,
): PolledState<JobDetailResponse> {
  const api = useApi(lakehouseApiRef);
  const polled = usePolling(
    () => api.getJob(engine, instance, jobId),
    [api, engine, instance, jobId],
    options,
  );
  useJobChangeSignals(polled.retry, { engine, instance });
  return polled;
}
