import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * One value read at most once per period, shared by every entity processed in it (the catalog
 * processes entities concurrently: they all wait on the same read). A failed read is remembered for
 * the period too, so a source that is down is neither asked per entity nor logged per entity; until
 * the next read succeeds the last good value is used (undefined before the first), so a restart of
 * the source does not drop the relations built from it.
 */
export class SharedCache<T> {
  #read?: { at: number; value: Promise<T | undefined> };
  #lastGood?: T;

  constructor(
    private readonly options: {
      what: string;
      periodMs: number;
      logger: LoggerService;
      load: () => Promise<T>;
      now?: () => number;
    },
  ) {}

  get(): Promise<T | undefined> {
    const now = (this.options.now ?? Date.now)();
    if (!this.#read || now - this.#read.at >= this.options.periodMs) {
      this.#read = { at: now, value: this.#load() };
    }
    return this.#read.value;
  }

  async #load(): Promise<T | undefined> {
    try {
      this.#lastGood = await this.options.load();
    } catch (e) {
      this.options.logger.warn(
        `Lineage relations: reading ${this.options.what} failed: ${
          (e as Error).message
        }; ${
          this.#lastGood === undefined
            ? 'no lineage relations from it until it can be read'
            : 'the last read is used'
        }`,
      );
    }
    return this.#lastGood;
  }
}
