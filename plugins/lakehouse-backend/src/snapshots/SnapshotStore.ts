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
} from '@internal/plugin-lakehouse-common';
import type { JsonObject } from '@backstage/types';
import type { EngineInstance } from '../config';
import { yieldToEventLoop } from '../engines/EngineHttp';
import { EngineFetchError } from '../engines/http';
import type { EngineClient, JobDetail } from '../engines/types';
import { SingleFlight } from './singleFlight';

/** What is kept per engine instance, in the cache service and in memory. */
interface StoredSnapshot {
  data?: EngineData;
  fetchedAt?: string;
  error?: EngineError;
  failedAt?: string;
}

export interface SnapshotStoreOptions {
  instances: EngineInstance[];
  createClient: (instance: EngineInstance) => EngineClient;
  scheduler: SchedulerService;
  cache: CacheService;
  logger: LoggerService;
  now?: () => number;
}

/** Task id of the poller of one instance, e.g. `lakehouse-poll:spark:local`. */
export const pollTaskId = (engine: EngineKind, name: string) =>
  `lakehouse-poll:${engine}:${name}`;

const cacheKey = (engine: EngineKind, name: string) =>
  `snapshot:${engine}:${name}`;
/** A wedged cache must not hang the status endpoint either. */
const CACHE_READ_TIMEOUT_MS = 500;
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
  readonly #clients = new Map<string, EngineClient>();
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  readonly #local = new Map<string, StoredSnapshot>();
  /** When #local was last filled from the cache service (or by this replica's own poll). */
  readonly #localReadAt = new Map<string, number>();
  readonly #flights = new SingleFlight();

  static async create(options: SnapshotStoreOptions): Promise<SnapshotStore> {
    const store = new SnapshotStore(options);
    for (const instance of options.instances) {
      await options.scheduler.scheduleTask({
        id: pollTaskId(instance.engine, instance.name),
        frequency: { milliseconds: instance.refreshIntervalMs },
        // Each request is bounded by timeoutMs; the margin covers the cache write.
        timeout: { milliseconds: instance.timeoutMs * 2 + 5_000 },
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
    for (const instance of options.instances) {
      this.#clients.set(
        cacheKey(instance.engine, instance.name),
        options.createClient(instance),
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
    const key = cacheKey(engine, name);
    const client = this.#clients.get(key);
    if (!client) {
      return Promise.reject(new Error(`No engine instance ${engine}/${name}`));
    }
    return this.#flights.run(key, async () => {
      const previous = await this.#read(key);
      let next: StoredSnapshot;
      try {
        const data = await client.fetchSnapshot(signal);
        await yieldToEventLoop(); // between mapping and caching, both long for large clusters
        next = { data, fetchedAt: new Date(this.#now()).toISOString() };
      } catch (e) {
        const error: EngineError =
          e instanceof EngineFetchError
            ? e.engineError
            : {
                kind: 'malformed',
                message: `Unexpected answer: ${(e as Error).message}`,
              };
        this.#logger.warn(`Polling ${engine}/${name} failed: ${error.message}`);
        // Keep serving the last good data; the error and its time say how stale it is.
        next = {
          data: previous?.data,
          fetchedAt: previous?.fetchedAt,
          error,
          failedAt: new Date(this.#now()).toISOString(),
        };
      }
      this.#local.set(key, next);
      this.#localReadAt.set(key, this.#now());
      await this.#cache
        .set(key, next as JsonObject, { ttl: CACHE_TTL })
        .catch(e => this.#logger.warn(`Cannot cache ${key}: ${e}`));
    });
  }

  /**
   * One job's details, read from the engine now (details are not polled).
   * Identical concurrent requests share one upstream call.
   */
  jobDetail(
    engine: EngineKind,
    name: string,
    jobId: string,
  ): Promise<JobDetail | undefined> {
    const client = this.#clients.get(cacheKey(engine, name));
    if (!client) {
      return Promise.resolve(undefined);
    }
    return this.#flights.run(`detail:${engine}:${name}:${jobId}`, () =>
      client.fetchJobDetail(jobId),
    );
  }

  /** The snapshot of one instance as served, or undefined if not configured. */
  async get(engine: string, name: string): Promise<EngineSnapshot | undefined> {
    const instance = this.findInstance(engine, name);
    if (!instance) {
      return undefined;
    }
    const stored = await this.#read(cacheKey(instance.engine, name));
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
      const value = await this.#readCache(key);
      if (value) {
        this.#local.set(key, value);
        this.#localReadAt.set(key, this.#now());
      }
      return value;
    });
  }

  async #readCache(key: string): Promise<StoredSnapshot | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>(resolve => {
      timer = setTimeout(() => resolve(undefined), CACHE_READ_TIMEOUT_MS);
    });
    try {
      const cached = await Promise.race([
        this.#cache.get<JsonObject>(key),
        timeout,
      ]);
      return (cached as StoredSnapshot | undefined) ?? this.#local.get(key);
    } catch {
      return this.#local.get(key);
    } finally {
      clearTimeout(timer);
    }
  }
}
