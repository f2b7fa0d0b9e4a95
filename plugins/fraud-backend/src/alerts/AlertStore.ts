import type { FraudAlert, FraudSummary } from '@internal/plugin-fraud-common';

/** One alert row as read from a data file; times in epoch ms. */
export interface AlertRow {
  userId: string;
  rule: string;
  windowStartMs: number;
  windowEndMs: number;
  eventCount: number;
  detectedAtMs?: number;
}

const INITIAL_CAPACITY = 1024;
/** Buckets of the over-time chart: the smallest of these giving at most 120 bars. */
const BUCKETS_MS = [
  60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000,
];

/**
 * Every alert read so far, column by column (typed arrays, users and rules
 * interned), so a million rows cost tens of MB and a summary is one pass
 * over numbers rather than over a million objects.
 */
const round = (n: number) => Math.round(n * 100) / 100;
/** Code-point order: localeCompare costs microseconds per call, seconds over 50,000 tied users. */
const compareText = (a: string, b: string) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

export class AlertStore {
  #size = 0;
  #user = new Uint32Array(INITIAL_CAPACITY);
  #rule = new Uint8Array(INITIAL_CAPACITY);
  #start = new Float64Array(INITIAL_CAPACITY);
  #end = new Float64Array(INITIAL_CAPACITY);
  #count = new Float64Array(INITIAL_CAPACITY);
  /** NaN when the table has no detection time. */
  #detected = new Float64Array(INITIAL_CAPACITY);
  /** 1 while the row is known only from the alert stream, not yet from the table. */
  #live = new Uint8Array(INITIAL_CAPACITY);
  readonly #users: string[] = [];
  readonly #userIds = new Map<string, number>();
  readonly #rules: string[] = [];
  readonly #ruleIds = new Map<string, number>();

  get size(): number {
    return this.#size;
  }

  clear(): void {
    this.#size = 0;
  }

  /** Appends rows; returns the index of the first one. */
  append(rows: Iterable<AlertRow>, options?: { live?: boolean }): number {
    const first = this.#size;
    for (const row of rows) {
      if (this.#size === this.#user.length) this.#grow();
      const i = this.#size++;
      this.#user[i] = intern(row.userId, this.#users, this.#userIds);
      this.#rule[i] = intern(row.rule, this.#rules, this.#ruleIds);
      this.#setValues(i, row);
      this.#live[i] = options?.live ? 1 : 0;
    }
    return first;
  }

  /** The table now holds the row appended at `index` from the stream: its values, the record's, replace the streamed ones. */
  confirm(index: number, row: AlertRow): void {
    this.#setValues(index, row);
    this.#live[index] = 0;
  }

  #setValues(i: number, row: AlertRow) {
    this.#start[i] = row.windowStartMs;
    this.#end[i] = row.windowEndMs;
    this.#count[i] = row.eventCount;
    this.#detected[i] = row.detectedAtMs ?? NaN;
  }

  /** The dashboard for alerts whose window starts in [fromMs, toMs). */
  summarize(options: {
    fromMs?: number;
    toMs?: number;
    topUsers?: number;
    latest?: number;
  }): Omit<FraudSummary, 'table' | 'snapshots' | 'lastCommitAt' | 'range'> {
    // The columns as locals: the loops below run once per alert.
    const size = this.#size;
    const start = this.#start;
    const end = this.#end;
    const detected = this.#detected;
    const ruleOf = this.#rule;
    const userOf = this.#user;
    const count = this.#count;
    const rules = this.#rules;
    const users = this.#users;
    const sortTime = (i: number) =>
      Number.isNaN(detected[i]) ? end[i] : detected[i];
    const from = options.fromMs ?? -Infinity;
    const to = options.toMs ?? Infinity;
    const selected: number[] = [];
    const latestCount = options.latest ?? 50;
    let minStart = Infinity;
    let maxEnd = -Infinity;
    for (let i = 0; i < size; i++) {
      const s = start[i];
      if (s >= from && s < to) {
        selected.push(i);
        if (s < minStart) minStart = s;
        if (end[i] > maxEnd) maxEnd = end[i];
      }
    }
    const span = selected.length ? Math.max(maxEnd - minStart, 1) : 0;
    const bucketMs =
      BUCKETS_MS.find(b => span / b <= 120) ??
      BUCKETS_MS[BUCKETS_MS.length - 1];
    const buckets = new Map<number, Record<string, number>>();
    const perUser = new Map<
      number,
      { alerts: number; events: number; rules: Set<number> }
    >();
    const latencies = new Float64Array(selected.length);
    let latencyCount = 0;
    // The newest N in one pass through a min-heap of size N (its root is the oldest kept),
    // rather than sorting every selected alert per request.
    const heap: number[] = [];
    const newer = (a: number, b: number) =>
      sortTime(a) - sortTime(b) || start[a] - start[b];
    const siftDown = (root: number) => {
      for (let at = root; ; ) {
        const l = 2 * at + 1;
        const r = l + 1;
        let min = at;
        if (l < heap.length && newer(heap[l], heap[min]) < 0) min = l;
        if (r < heap.length && newer(heap[r], heap[min]) < 0) min = r;
        if (min === at) return;
        [heap[at], heap[min]] = [heap[min], heap[at]];
        at = min;
      }
    };
    for (const i of selected) {
      if (heap.length < latestCount) {
        heap.push(i);
        for (let at = heap.length - 1; at > 0; ) {
          const parent = (at - 1) >> 1;
          if (newer(heap[at], heap[parent]) >= 0) break;
          [heap[at], heap[parent]] = [heap[parent], heap[at]];
          at = parent;
        }
      } else if (latestCount > 0 && newer(i, heap[0]) > 0) {
        heap[0] = i;
        siftDown(0);
      }
      const bucket = Math.floor(start[i] / bucketMs) * bucketMs;
      const counts = buckets.get(bucket) ?? {};
      const rule = rules[ruleOf[i]];
      counts[rule] = (counts[rule] ?? 0) + 1;
      buckets.set(bucket, counts);
      const u = perUser.get(userOf[i]) ?? {
        alerts: 0,
        events: 0,
        rules: new Set<number>(),
      };
      u.alerts++;
      u.events += count[i];
      u.rules.add(ruleOf[i]);
      perUser.set(userOf[i], u);
      if (!Number.isNaN(detected[i])) {
        latencies[latencyCount++] = detected[i] - end[i];
      }
    }
    // A typed-array sort is numeric and an order of magnitude faster than Array#sort with a comparator.
    const sortedLatencies = latencies.subarray(0, latencyCount).sort();
    const latest = heap.sort((a, b) => newer(b, a)).map(i => this.#alert(i));
    return {
      kpis: {
        alerts: selected.length,
        flaggedUsers: perUser.size,
        alertsPerHour: span ? round((selected.length * 3_600_000) / span) : 0,
        ...(latencyCount && {
          detectionLatencyMs: {
            p50: sortedLatencies[Math.floor((latencyCount - 1) * 0.5)],
            p95: sortedLatencies[Math.floor((latencyCount - 1) * 0.95)],
          },
        }),
      },
      overTime: [...buckets.entries()]
        .sort(([a], [b]) => a - b)
        .map(([bucketStart, counts]) => ({
          bucketStart: new Date(bucketStart).toISOString(),
          counts,
        })),
      bucketMs,
      topUsers: [...perUser.entries()]
        .sort(
          ([ua, a], [ub, b]) =>
            b.alerts - a.alerts ||
            b.events - a.events ||
            compareText(users[ua], users[ub]),
        )
        .slice(0, options.topUsers ?? 10)
        .map(([user, u]) => ({
          userId: users[user],
          alerts: u.alerts,
          events: u.events,
          rules: [...u.rules].map(r => rules[r]).sort(),
        })),
      latest,
    };
  }

  #alert(i: number): FraudAlert {
    return {
      userId: this.#users[this.#user[i]],
      rule: this.#rules[this.#rule[i]],
      windowStart: new Date(this.#start[i]).toISOString(),
      windowEnd: new Date(this.#end[i]).toISOString(),
      eventCount: this.#count[i],
      ...(!Number.isNaN(this.#detected[i]) && {
        detectedAt: new Date(this.#detected[i]).toISOString(),
      }),
      ...(this.#live[i] === 1 && { live: true }),
    };
  }

  #grow() {
    const grow = <T extends Uint32Array | Uint8Array | Float64Array>(
      a: T,
    ): T => {
      const next = new (a.constructor as new (n: number) => T)(a.length * 2);
      next.set(a);
      return next;
    };
    this.#user = grow(this.#user);
    this.#rule = grow(this.#rule);
    this.#start = grow(this.#start);
    this.#end = grow(this.#end);
    this.#count = grow(this.#count);
    this.#detected = grow(this.#detected);
    this.#live = grow(this.#live);
  }
}

function intern(
  value: string,
  values: string[],
  ids: Map<string, number>,
): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = values.length;
    values.push(value);
    ids.set(value, id);
  }
  return id;
}
