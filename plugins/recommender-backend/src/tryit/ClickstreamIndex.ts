import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ObjectStore } from '@internal/plugin-lakehouse-node';

/** One clickstream event of a user. */
export interface ClickEvent {
  /** ISO 8601, UTC. */
  timestamp: string;
  productId: string;
  eventType: string;
}

/** The clickstream as read once: each user's latest events, newest first. */
interface Index {
  etag?: string;
  byUser: Map<string, ClickEvent[]>;
  events: number;
  skipped: number;
  readAt: number;
}

const MAX_FIELD = 256;
const ZONE = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * The event's time as ISO 8601 UTC. The demo data writes `2025-09-26T14:00:05.123456` without a
 * zone, meaning UTC (as the trainer and the detector read it).
 */
export function eventTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const text = value.trim();
  const ms = Date.parse(ZONE.test(text) ? text : `${text}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function field(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_FIELD
    ? v
    : undefined;
}

const newestFirst = (a: ClickEvent, b: ClickEvent) =>
  b.timestamp.localeCompare(a.timestamp);

/**
 * JSON lines `{timestamp, user_id, product_id, event_type}` into each user's `perUser` latest
 * events. A line that is not such an event is skipped and counted (the trainer fails on it; this
 * only shows what a user did). Memory stays bounded by users × `perUser`.
 */
export function indexClickstream(
  body: Buffer,
  perUser: number,
): Omit<Index, 'etag' | 'readAt'> {
  const byUser = new Map<string, ClickEvent[]>();
  let events = 0;
  let skipped = 0;
  for (const line of body.toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const userId = field(e?.user_id);
    const productId = field(e?.product_id);
    const eventType = field(e?.event_type);
    const timestamp = eventTime(e?.timestamp);
    if (!userId || !productId || !eventType || !timestamp) {
      skipped++;
      continue;
    }
    events++;
    let list = byUser.get(userId);
    if (!list) byUser.set(userId, (list = []));
    list.push({ timestamp, productId, eventType });
    if (list.length >= perUser * 2) {
      list.sort(newestFirst);
      list.length = perUser;
    }
  }
  for (const list of byUser.values()) {
    list.sort(newestFirst);
    if (list.length > perUser) list.length = perUser;
  }
  return { byUser, events, skipped };
}

/**
 * The clickstream the trainer reads (`recommender.clickstream` in `recommender.bucket`), indexed
 * by user: read through the object store (bounded in time and size), checked at most every
 * `checkIntervalMs` with a HEAD, and read again only when its ETag changed. One read at a time. A
 * failed check or read keeps the last index and says so; with none there is nothing to show.
 */
export class ClickstreamIndex {
  #index?: Index;
  #checkedAt = 0;
  #inFlight?: Promise<void>;
  #error?: string;

  constructor(
    private readonly options: {
      store: ObjectStore;
      key: string;
      checkIntervalMs: number;
      logger: LoggerService;
      /** Events kept per user. Default 20. */
      perUser?: number;
    },
  ) {}

  get uri(): string {
    return this.options.store.uri(this.options.key);
  }

  /**
   * The user's latest events, newest first, and a note when they come from an earlier read.
   * Throws when the clickstream cannot be read and was never read.
   */
  async recent(
    userId: string,
  ): Promise<{ events: ClickEvent[]; note?: string }> {
    if (Date.now() - this.#checkedAt >= this.options.checkIntervalMs) {
      this.#inFlight ??= this.#refresh().finally(() => {
        this.#checkedAt = Date.now();
        this.#inFlight = undefined;
      });
      await this.#inFlight;
    }
    const index = this.#index;
    if (!index) throw new Error(this.#error ?? `${this.uri} was not read`);
    const notes: string[] = [];
    if (this.#error) {
      notes.push(
        `${this.#error}; showing events read at ${new Date(
          index.readAt,
        ).toISOString()}`,
      );
    }
    if (index.skipped) {
      notes.push(
        `${index.skipped} line(s) of ${this.uri} are not events and were skipped`,
      );
    }
    return {
      events: index.byUser.get(userId) ?? [],
      ...(notes.length && { note: notes.join('. ') }),
    };
  }

  async #refresh(): Promise<void> {
    const { store, key, logger, perUser = 20 } = this.options;
    try {
      const head = await store.head(key);
      if (!head) {
        this.#index = undefined;
        this.#error = `${this.uri} does not exist: no events to show (lp datagen or the upstream uploader writes it)`;
        return;
      }
      if (this.#index && head.etag && head.etag === this.#index.etag) {
        this.#error = undefined;
        return;
      }
      const object = await store.get(key);
      if (!object) {
        this.#index = undefined;
        this.#error = `${this.uri} does not exist: no events to show`;
        return;
      }
      const started = Date.now();
      const index = indexClickstream(object.body, perUser);
      this.#index = { ...index, etag: object.etag, readAt: Date.now() };
      this.#error = undefined;
      logger.info(
        `Indexed ${index.events} event(s) of ${
          index.byUser.size
        } user(s) from ${this.uri} (${object.body.length} bytes, ${
          Date.now() - started
        } ms)${index.skipped ? `, skipped ${index.skipped} line(s)` : ''}`,
      );
    } catch (e) {
      this.#error = `Reading ${this.uri} failed: ${(e as Error).message}`;
      logger.warn(this.#error);
    }
  }
}
