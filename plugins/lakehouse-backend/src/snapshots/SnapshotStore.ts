import type {
  CacheService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type {
  EngineData,
  EngineError,
  EngineKind,
  EngineSnapshot,
  JobDetailResponse,
} from '@internal/plugin-lakehouse-common';
import type { JsonObject } from '@backstage/types';
import { randomUUID } from 'node:crypto';
import type { EngineInstance } from '../config';
import { asEngineError, EngineFetchError } from '../engines/http';
import type { SnapshotSource } from './SnapshotSource';
import { SingleFlight } from './singleFlight';

/**
 * What is kept per engine instance. The cache service holds it in two entries:
 * this without `data` (small, read every second), and the data as JSON text
 * under its `version` (large, read only when the version changed). Keyv's own
 * serialiser walks objects in JavaScript and its parser runs a reviver on every
 * value: on 10,000 jobs that cost ~100 ms of event loop per read.
 */
interface StoredSnapshot {
  data?: EngineData;
  /** Changes with every successful poll; a failed poll keeps the data and its version. */
  version?: string;
  fetchedAt?: string;
  error?: EngineError;
  failedAt?: string;
}

interface StoredData {
  version: string;
  json: string;
}

export interface SnapshotStoreOptions {
  instances: EngineInstance[];
  /** How each instance is read: on the poll worker, or on this thread. */
  createSource: (instance: EngineInstance) => SnapshotSource;
  scheduler: SchedulerService;
  cache: CacheService;
  logger: LoggerService;
  now?: () => number;
  /** Called with each successful poll's data, on the replica that polled (the job history records it). */
  onPolled?: (instance: EngineInstance, data: EngineData) => Promise<void>;
}

/** Task id of the poller of one instance, e.g. `lakehouse-poll:spark:local`. */
export const pollTaskId = (engine: EngineKind, name: string) =>
  `lakehouse-poll:${engine}:${name}`;

const cacheKey = (engine: EngineKind, name: string) =>
  `snapshot:${engine}:${name}`;
const dataKey = (key: string) => `${key}:data`;
/** A wedged cache must not hang the status endpoint either. */
const CACHE_READ_TIMEOUT_MS = 500;
const CACHE_WRITE_TIMEOUT_MS = 2_000;

/** How long one poll may take: two engine calls' timeouts and a margin for the cache write. */
const pollLimitMs = (instance: EngineInstance) =>
  instance.timeoutMs * 2 + 5_000;

/** Rejects with a timeout engine error when `signal` aborts (never resolves). */
function rejectOnAbort(signal: AbortSignal, message: string): Promise<never> {
  return new Promise((_, reject) =>
    signal.addEventListener(
      'abort',
      () => reject(new EngineFetchError({ kind: 'timeout', message })),
      { once: true },
    ),
  );
}
/**
 * How long a replica reuses what it last read from the cache service. Deserialising a large
 * snapshot (10,000 jobs) per request would cost more than the request itself; the data changes
 * once per refresh interval anyway.
 */
const LOCAL_READ_TTL_MS = 1_000;
/** Keep the last good data long after a replica stops polling: it is served with its age. */
const CACHE_TTL = { hours: 24 };

/**
 * Polls each engine instance once per `refreshInterval` (a global scheduler
 * task, so N backend replicas still poll once) and keeps the result in the
 * cache service (so every replica serves it). Readers never wait on an engine.
 */
export class SnapshotStore {
  readonly #instances: EngineInstance[];
  readonly #sources = new Map<string, SnapshotSource>();
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  readonly #local = new Map<string, StoredSnapshot>();
  /** When #local was last filled from the cache service (or by this replica's own poll). */
  readonly #localReadAt = new Map<string, number>();
  readonly #flights = new SingleFlight();
  readonly #onPolled?: SnapshotStoreOptions['onPolled'];

  static async create(options: SnapshotStoreOptions): Promise<SnapshotStore> {
    const store = new SnapshotStore(options);
    for (const instance of options.instances) {
      await options.scheduler.scheduleTask({
        id: pollTaskId(instance.engine, instance.name),
        frequency: { milliseconds: instance.refreshIntervalMs },
        // Each request is bounded by timeoutMs; the margin covers the cache write.
        timeout: { milliseconds: pollLimitMs(instance) },
        scope: 'global',
        fn: signal => store.refresh(instance.engine, instance.name, signal),
      });
    }
    return store;
  }

  private constructor(options: SnapshotStoreOptions) {
    this.#instances = options.instances;
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#onPolled = options.onPolled;
    for (const instance of options.instances) {
      this.#sources.set(
        cacheKey(instance.engine, instance.name),
        options.createSource(instance),
      );
    }
  }

  /** The configured instance, or undefined. */
  findInstance(engine: string, name: string): EngineInstance | undefined {
    return this.#instances.find(i => i.engine === engine && i.name === name);
  }

  /** Polls one instance now; concurrent calls share one upstream call. */
  refresh(
    engine: EngineKind,
    name: string,
    signal?: AbortSignal,
  ): Promise<void> {
    return this.#refresh(engine, name, signal, false);
  }

  /**
   * Polls one instance after it reported a change (a watch event): never served by a poll that
   * started before the call, which may have read the old state.
   */
  refreshAfterChange(engine: EngineKind, name: string): Promise<void> {
    return this.#refresh(engine, name, undefined, true);
  }

  #refresh(
    engine: EngineKind,
    name: string,
    signal: AbortSignal | undefined,
    after: boolean,
  ): Promise<void> {
    const key = cacheKey(engine, name);
    const source = this.#sources.get(key);
    if (!source) {
      return Promise.reject(new Error(`No engine instance ${engine}/${name}`));
    }
    const limitMs = pollLimitMs(this.findInstance(engine, name)!);
    const flight = after
      ? this.#flights.runAfter.bind(this.#flights)
      : this.#flights.run.bind(this.#flights);
    return flight(key, async () => {
      const previous = await this.#read(key);
      let next: StoredSnapshot;
      // A poll that hangs past its limit (a stuck worker, a call that ignores its timeout) is given
      // up: the last data is served as stale with the timeout as its error, and the next poll is
      // not held behind it.
      const giveUp = new AbortController();
      const timer = setTimeout(() => giveUp.abort(), limitMs);
      const polled = signal
        ? AbortSignal.any([signal, giveUp.signal])
        : giveUp.signal;
      try {
        const { data, json } = await Promise.race([
          source.fetchSnapshot(polled),
          rejectOnAbort(
            giveUp.signal,
            `No snapshot from ${engine}/${name} within ${limitMs} ms`,
          ),
        ]);
        next = {
          data,
          version: randomUUID(),
          fetchedAt: new Date(this.#now()).toISOString(),
        };
        const stored: StoredData = { version: next.version!, json };
        // The data first: a replica that sees the new version must find its data.
        await this.#writeCache(dataKey(key), stored as unknown as JsonObject);
      } catch (e) {
        const error = asEngineError(e);
        this.#logger.warn(`Polling ${engine}/${name} failed: ${error.message}`);
        // Keep serving the last good data; the error and its time say how stale it is.
        next = {
          data: previous?.data,
          version: previous?.version,
          fetchedAt: previous?.fetchedAt,
          error,
          failedAt: new Date(this.#now()).toISOString(),
        };
      } finally {
        clearTimeout(timer);
      }
      this.#local.set(key, next);
      this.#localReadAt.set(key, this.#now());
      const { data: _data, ...meta } = next;
      await this.#writeCache(key, meta as JsonObject);
      if (!next.error && next.data && this.#onPolled) {
        const instance = this.findInstance(engine, name)!;
        await this.#onPolled(instance, next.data).catch(e =>
          this.#logger.warn(
            `Recording the jobs of ${engine}/${name} failed: ${e}`,
          ),
        );
      }
    });
  }

  /** A cache write, given up after CACHE_WRITE_TIMEOUT_MS: a hung cache must not hold the poll. */
  async #writeCache(key: string, value: JsonObject): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#cache
        .set(key, value, { ttl: CACHE_TTL })
        .catch(e => this.#logger.warn(`Cannot cache ${key}: ${e}`)),
      new Promise<void>(resolve => {
        timer = setTimeout(() => {
          this.#logger.warn(
            `Caching ${key} took over ${CACHE_WRITE_TIMEOUT_MS} ms: given up`,
          );
          resolve();
        }, CACHE_WRITE_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  /**
   * One job's details, read from the engine now (details are not polled).
   * Identical concurrent requests share one upstream call.
   */
  jobDetail(
    engine: EngineKind,
    name: string,
    jobId: string,
  ): Promise<JobDetailResponse | undefined> {
    const source = this.#sources.get(cacheKey(engine, name));
    if (!source) {
      return Promise.resolve(undefined);
    }
    return this.#flights.run(`detail:${engine}:${name}:${jobId}`, () =>
      source.fetchJobDetail(jobId),
    );
  }

  /** The snapshot of one instance as served, or undefined if not configured. */
  async get(engine: string, name: string): Promise<EngineSnapshot | undefined> {
    const instance = this.findInstance(engine, name);
    if (!instance) {
      return undefined;
    }
    const { version: _version, ...stored } =
      (await this.#read(cacheKey(instance.engine, name))) ?? {};
    const ageMs = stored?.fetchedAt
      ? Math.max(0, this.#now() - Date.parse(stored.fetchedAt))
      : undefined;
    return {
      engine: instance.engine,
      instance: name,
      ...stored,
      ...(ageMs !== undefined && { ageMs }),
    };
  }

  /** Every configured instance, in config order. */
  async list(): Promise<EngineSnapshot[]> {
    const all = await Promise.all(
      this.#instances.map(i => this.get(i.engine, i.name)),
    );
    return all.filter((s): s is EngineSnapshot => Boolean(s));
  }

  async #read(key: string): Promise<StoredSnapshot | undefined> {
    const readAt = this.#localReadAt.get(key);
    if (readAt !== undefined && this.#now() - readAt < LOCAL_READ_TTL_MS) {
      return this.#local.get(key);
    }
    // Concurrent readers share one cache read.
    return this.#flights.run(`read:${key}`, async () => {
      const local = this.#local.get(key);
      const meta = await this.#readCache<StoredSnapshot>(key);
      if (!meta) {
        // A missing or failing cache: serve what this replica has, and ask again in a second.
        if (local) this.#localReadAt.set(key, this.#now());
        return local;
      }
      let data: EngineData | undefined;
      if (meta.version && meta.version === local?.version) {
        // The same poll: keep the parsed object (the job index is keyed on it).
        data = local.data;
      } else if (meta.version) {
        const stored = await this.#readCache<StoredData>(dataKey(key));
        if (stored?.version !== meta.version) return local; // mid-write or lost
        try {
          data = JSON.parse(stored.json) as EngineData;
        } catch {
          return local;
        }
      }
      const value: StoredSnapshot = { ...meta, data };
      this.#local.set(key, value);
      this.#localReadAt.set(key, this.#now());
      return value;
    });
  }

  /** One cache entry, or undefined if missing, failing or slower than CACHE_READ_TIMEOUT_MS. */
  async #readCache<T>(key: string): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>(resolve => {
      timer = setTimeout(() => resolve(undefined), CACHE_READ_TIMEOUT_MS);
    });
    try {
      const cached = await Promise.race([
        this.#cache.get<JsonObject>(key),
        timeout,
      ]);
      return (cached ?? undefined) as T | undefined;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
