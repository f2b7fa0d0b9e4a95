/**
 * Concurrent callers with the same key share one in-flight promise, so many
 * viewers (or a scheduler run racing a manual refresh) cause one upstream call.
 */
export class SingleFlight {
  readonly #inFlight = new Map<string, Promise<unknown>>();
  readonly #queued = new Map<string, Promise<unknown>>();

  /**
   * Like {@link run}, for a caller that must see what changed before its call: it never joins a
   * flight already under way (which may have read too early), but waits for it and shares the one
   * that follows with everyone else who asked meanwhile.
   */
  runAfter<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const existing = this.#inFlight.get(key);
    if (!existing) return this.run(key, fn);
    let queued = this.#queued.get(key);
    if (!queued) {
      queued = existing
        .catch(() => undefined)
        .then(() => {
          this.#queued.delete(key);
          return this.run(key, fn);
        });
      this.#queued.set(key, queued);
    }
    return queued as Promise<T>;
  }

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const existing = this.#inFlight.get(key);
    if (existing) {
      return existing as Promise<T>;
    }
    const promise = fn().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, promise);
    return promise;
  }
}
