import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';

/** How often the status hooks poll the backend, which itself polls engines every 10 s by default. */
export const DEFAULT_REFRESH_INTERVAL_MS = 10_000;

/** @public */
export interface PollingOptions<T = never> {
  /** Milliseconds between refreshes; 0 disables polling. Default 10 s. */
  intervalMs?: number;
  /** Keep showing the previous inputs' value while new inputs load (e.g. the previous table page). */
  keepPrevious?: boolean;
  /**
   * An answer for the first inputs already at hand (e.g. sent along with
   * another response): shown at once, and the first request waits one interval.
   */
  initial?: T;
}

/**
 * The result of a polled request. `value` is the last good answer: a failed
 * refresh sets `error` but does not drop it, so pages keep showing data.
 * @public
 */
export interface PolledState<T> {
  value?: T;
  error?: Error;
  /** True only until the first answer (or error) for the current inputs. */
  loading: boolean;
  /**
   * Refreshes now; asked while a request runs, once more after it (so a
   * change signalled mid-request is not missed). Stable across renders.
   */
  retry: () => void;
}

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(
    () =>
      typeof document === 'undefined' || document.visibilityState !== 'hidden',
  );
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}

/**
 * Runs `fn` now and then every `intervalMs` while the tab is visible (and once
 * more when it becomes visible again), keeping the last good value across
 * failed refreshes. Inputs that change `deps` start over.
 */
export function usePolling<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
  options?: PollingOptions<T>,
): PolledState<T> {
  const intervalMs = options?.intervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
  // Each answer carries the inputs it was for: a failed refresh keeps the last
  // one, and it is only shown for other inputs when the caller asks for that.
  const last = useRef<{ deps: DependencyList; value: T } | undefined>(
    options?.initial === undefined
      ? undefined
      : { deps, value: options.initial },
  );
  const initialPending = useRef(options?.initial !== undefined);
  const state = useAsyncRetry(async () => {
    if (initialPending.current) {
      initialPending.current = false;
      return last.current!;
    }
    return { deps, value: await fn() };
  }, deps);
  if (!state.loading && state.value !== undefined) {
    last.current = state.value;
  }
  const forCurrentInputs =
    last.current !== undefined &&
    last.current.deps.length === deps.length &&
    last.current.deps.every((d, i) => Object.is(d, deps[i]));
  const value =
    forCurrentInputs || options?.keepPrevious ? last.current?.value : undefined;

  const visible = usePageVisible();
  const { loading, retry } = state;
  useInterval(
    () => {
      if (!loading) retry();
    },
    visible && intervalMs > 0 ? intervalMs : null,
  );
  const wasVisible = useRef(visible);
  useEffect(() => {
    if (visible && !wasVisible.current) retry();
    wasVisible.current = visible;
  }, [visible, retry]);

  // react-use's retry changes identity with `loading` and ignores calls while loading.
  const latest = useRef({ loading, retry });
  latest.current = { loading, retry };
  const again = useRef(false);
  const refresh = useCallback(() => {
    if (latest.current.loading) again.current = true;
    else latest.current.retry();
  }, []);
  useEffect(() => {
    if (!loading && again.current) {
      again.current = false;
      retry();
    }
  }, [loading, retry]);

  return {
    value,
    error: state.loading ? undefined : state.error,
    loading: state.loading && value === undefined,
    retry: refresh,
  };
}
