import { useSignal } from '@backstage/plugin-signals-react';
import {
  LAKEHOUSE_JOBS_SIGNAL_CHANNEL,
  type EngineKind,
  type JobsChangedSignal,
} from '@internal/plugin-lakehouse-common';
import { useEffect, useRef } from 'react';

/**
 * Refreshes at once when the backend signals that jobs of a matching engine instance changed, instead
 * of at the next poll. Without the signals plugin (or its connection) nothing happens and polling
 * alone keeps the page current.
 */
export function useJobChangeSignals(
  refresh: () => void,
  filter: { engine?: EngineKind; instance?: string } = {},
) {
  const { lastSignal } = useSignal<JobsChangedSignal>(
    LAKEHOUSE_JOBS_SIGNAL_CHANNEL,
  );
  const latest = useRef({ refresh, filter });
  latest.current = { refresh, filter };
  useEffect(() => {
    if (!lastSignal) return;
    const { engine, instance } = latest.current.filter;
    if (engine && lastSignal.engine !== engine) return;
    if (instance && lastSignal.instance !== instance) return;
    latest.current.refresh();
  }, [lastSignal]);
}
