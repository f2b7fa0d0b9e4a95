import { runWithTimeout } from './runWithTimeout';

/**
 * The refresh of an in-memory copy of a table: one at a time (callers arriving while one runs
 * share it), bounded by `timeoutMs` (a refresh that hangs is aborted, `onTimeout` says so, and
 * later refreshes are not held), and remembered, so a request can ask for one only when the copy
 * is older than it accepts.
 * @public
 */
export class SharedRefresh {
  #inFlight?: Promise<void>;
  #refreshedAt = 0;

  constructor(
    private readonly options: {
      /** One refresh; it keeps its own failures as data (what it throws reaches every caller). */
      run: (signal: AbortSignal) => Promise<void>;
      timeoutMs: number;
      onTimeout: (timeoutMs: number) => void;
    },
  ) {}

  /** A refresh now, or the one already running. */
  run(): Promise<void> {
    const { run, timeoutMs, onTimeout } = this.options;
    this.#inFlight ??= runWithTimeout(run, timeoutMs)
      .then(outcome => {
        if (outcome === 'timeout') onTimeout(timeoutMs);
      })
      .finally(() => {
        this.#refreshedAt = Date.now();
        this.#inFlight = undefined;
      });
    return this.#inFlight;
  }

  /**
   * A refresh when the copy is older than `maxAgeMs`, waited for at most `waitMs`: past that the
   * caller goes on with the last data and the refresh lands for the next one.
   */
  async ifOlderThan(maxAgeMs: number, waitMs: number): Promise<void> {
    if (Date.now() - this.#refreshedAt < maxAgeMs) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.run(),
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, waitMs);
      }),
    ]);
    clearTimeout(timer);
  }
}
