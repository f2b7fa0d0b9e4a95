import { type DependencyList, useEffect, useState } from 'react';

/** The state of one request for the current inputs. */
export interface AsyncValue<T> {
  value?: T;
  error?: Error;
  loading: boolean;
}

/**
 * Runs `fn` whenever `deps` change; an answer for earlier inputs that arrives late is dropped.
 * `fn` returning undefined means there is nothing to ask.
 */
export function useAsyncValue<T>(
  fn: () => Promise<T> | undefined,
  deps: DependencyList,
): AsyncValue<T> {
  const [state, setState] = useState<AsyncValue<T>>({ loading: false });
  useEffect(() => {
    const pending = fn();
    if (!pending) {
      setState({ loading: false });
      return undefined;
    }
    let current = true;
    setState({ loading: true });
    pending.then(
      value => current && setState({ value, loading: false }),
      error => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
