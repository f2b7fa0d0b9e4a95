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
export class AlertStore {
  #size = 0;
  #user = new Uint32Array(INITIAL_CAPACITY);
  #rule = new Uint8Array(INITIAL_CAPACITY);
  #start = new Float64Array(INITIAL_CAPACITY);
  #end = new Float64Array(INITIAL_CAPACITY);
  #count = new Float64Array(INITIAL_CAPACITY);
  /** NaN when the table has no detection time. */
  #detected = new Float64Array(INITIAL_CAPACITY);
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

  append(rows: Iterable<AlertRow>): void {
    for (const row of rows) {
      if (this.#size === this.#user.length) this.#grow();
      const i = this.#size++;
      this.#user[i] = intern(row.userId, this.#users, this.#userIds);
      this.#rule[i] = intern(row.rule, this.#rules, this.#ruleIds);
      this.#start[i] = row.windowStartMs;
      this.#end[i] = row.windowEndMs;
      this.#count[i] = row.eventCount;
      this.#detected[i] = row.detectedAtMs ?? NaN;
    }
  }

  /** The dashboard for alerts whose window starts in [fromMs, toMs). */
  summarize(options: {
    fromMs?: number;
    toMs?: number;
    topUsers?: number;
    latest?: number;
  }): Omit<FraudSummary, 'table' | 'snapshots' | 'lastCommitAt' | 'range'> {
    const from = options.fromMs ?? -Infinity;
    const to = options.toMs ?? Infinity;
    const selected: number[] = [];
    let minStart = Infinity;
    let maxEnd = -Infinity;
    for (let i = 0; i < this.#size; i++) {
      const s = this.#start[i];
      if (s >= from && s < to) {
        selected.push(i);
        if (s < minStart) minStart = s;
        if (this.#end[i] > maxEnd) maxEnd = this.#end[i];
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
    const latencies: number[] = [];
    for (const i of selected) {
      const bucket = Math.floor(this.#start[i] / bucketMs) * bucketMs;
      const counts = buckets.get(bucket) ?? {};
      const rule = this.#rules[this.#rule[i]];
      counts[rule] = (counts[rule] ?? 0) + 1;
      buckets.set(bucket, counts);
      const u = perUser.get(this.#user[i]) ?? {
        alerts: 0,
        events: 0,
        rules: new Set<number>(),
      };
      u.alerts++;
      u.events += this.#count[i];
      u.rules.add(this.#rule[i]);
      perUser.set(this.#user[i], u);
      if (!Number.isNaN(this.#detected[i]))
        latencies.push(this.#detected[i] - this.#end[i]);
    }
    latencies.sort((a, b) => a - b);
    const latest = [...selected]
      .sort(
        (a, b) =>
          this.#sortTime(b) - this.#sortTime(a) ||
          this.#start[b] - this.#start[a],
      )
      .slice(0, options.latest ?? 50)
      .map(i => this.#alert(i));
    return {
      kpis: {
        alerts: selected.length,
        flaggedUsers: perUser.size,
        alertsPerHour: span ? round((selected.length * 3_600_000) / span) : 0,
        ...(latencies.length && {
          detectionLatencyMs: {
            p50: latencies[Math.floor((latencies.length - 1) * 0.5)],
            p95: latencies[Math.floor((latencies.length - 1) * 0.95)],
          },
        }),
      },
      overTime: [...buckets.entries()]
        .sort(([a], [b]) => a - b)
        .map(([start, counts]) => ({
          bucketStart: new Date(start).toISOString(),
          counts,
        })),
      bucketMs,
      topUsers: [...perUser.entries()]
        .sort(
          ([ua, a], [ub, b]) =>
            b.alerts - a.alerts ||
            b.events - a.events ||
            this.#users[ua].localeCompare(this.#users[ub]),
        )
        .slice(0, options.topUsers ?? 10)
        .map(([user, u]) => ({
          userId: this.#users[user],
          alerts: u.alerts,
          events: u.events,
          rules: [...u.rules].map(r => this.#rules[r]).sort(),
        })),
      latest,
    };
  }

  #sortTime(i: number): number {
    return Number.isNaN(this.#detected[i]) ? this.#end[i] : this.#detected[i];
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

const round = (n: number) => Math.round(n * 100) / 100;
