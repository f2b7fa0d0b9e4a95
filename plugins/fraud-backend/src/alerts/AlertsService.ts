import {
  parquetTimestampMs,
  SharedRefresh,
} from '@internal/plugin-lakehouse-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  FraudAlertStreamStatus,
  FraudAlertsChangedSignal,
  FraudSummaryResponse,
} from '@internal/plugin-fraud-common';
import { AlertRow, AlertStore } from './AlertStore';
import { LiveAlertIndex } from './LiveAlertIndex';
import type {
  IncrementalTableReader,
  TableMetadataLike,
} from '@internal/plugin-lakehouse-node';

export const ALERT_COLUMNS = [
  'user_id',
  'rule',
  'window_start',
  'window_end',
  'event_count',
  'detected_at',
];

/** Loads the table's current metadata; undefined when the table does not exist. */
export type LoadTable = (
  signal?: AbortSignal,
) => Promise<TableMetadataLike | undefined>;

/** Default bound of one refresh; each catalog and object-store call has its own, shorter one. */
export const DEFAULT_REFRESH_TIMEOUT_MS = 60_000;

export type AlertsState =
  | { state: 'missing'; table: string; message: string }
  | { state: 'error'; table: string; message: string }
  | { state: 'ready'; table: string };

/**
 * The alerts table as the dashboard sees it: refreshed incrementally in the
 * background, summarised per request from memory. Until the first read or
 * when the table is missing, it says so instead of showing numbers.
 */
export class AlertsService {
  readonly #store = new AlertStore();
  readonly #live = new LiveAlertIndex();
  #stream?: () => Omit<FraudAlertStreamStatus, 'pending'>;
  #state: AlertsState;
  #lastCommitMs?: number;
  readonly #refresh: SharedRefresh;

  constructor(
    private readonly options: {
      table: string;
      loadTable: LoadTable;
      reader: IncrementalTableReader;
      logger: LoggerService;
      /** A refresh still running after this is given up: the data is marked stale and the next one can start. */
      refreshTimeoutMs?: number;
      /** New alerts arrived (to tell open pages). */
      onChange?: (change: FraudAlertsChangedSignal) => void;
    },
  ) {
    this.#state = {
      state: 'error',
      table: options.table,
      message: 'The alerts table has not been read yet',
    };
    this.#refresh = new SharedRefresh({
      run: signal => this.#read(signal),
      timeoutMs: options.refreshTimeoutMs ?? DEFAULT_REFRESH_TIMEOUT_MS,
      onTimeout: timeoutMs => {
        const message = `Reading ${options.table} did not finish within ${timeoutMs} ms (the catalog or the object store hangs); the data shown is from the last complete read`;
        options.logger.warn(message);
        this.#state = { state: 'error', table: options.table, message };
      },
    });
  }

  /**
   * One refresh at a time; callers arriving meanwhile share it. A refresh
   * that hangs is aborted after its timeout: it commits nothing, the last data
   * is served with the timeout as its error, and later refreshes are not held.
   */
  refresh(): Promise<void> {
    return this.#refresh.run();
  }

  /**
   * A reader's request refreshes data older than `maxAgeMs` (the background
   * schedule may be slower or paused), waiting at most `waitMs` for it:
   * past that it gets the last data and the refresh lands for the next call.
   */
  refreshIfStale(maxAgeMs: number, waitMs = 2_000): Promise<void> {
    return this.#refresh.ifOlderThan(maxAgeMs, waitMs);
  }

  /** The alert stream whose state summaries report. */
  attachStream(status: () => Omit<FraudAlertStreamStatus, 'pending'>): void {
    this.#stream = status;
  }

  /**
   * Alerts from the detector's stream, shown at once and marked live until
   * the table commits them; one already known is skipped. Returns how many were new.
   */
  addLive(rows: AlertRow[]): number {
    let added = 0;
    const now = Date.now();
    for (const row of rows) {
      if (!this.#live.isNew(row)) continue;
      this.#addLiveRow(row, now);
      added++;
    }
    if (added) this.options.onChange?.({ alerts: added, source: 'stream' });
    return added;
  }

  #addLiveRow(row: AlertRow, nowMs: number) {
    this.#live.addPending(
      row,
      this.#store.append([row], { live: true }),
      nowMs,
    );
  }

  /** Empties the store (the table is gone or replaced); streamed alerts it has not committed stay. */
  #emptyStore() {
    this.#store.clear();
    const now = Date.now();
    for (const row of this.#live.reset()) this.#addLiveRow(row, now);
  }

  async #read(signal: AbortSignal) {
    const { table, loadTable, reader, logger } = this.options;
    try {
      const metadata = await loadTable(signal);
      signal.throwIfAborted();
      if (!metadata) {
        this.#emptyStore();
        this.#state = {
          state: 'missing',
          table,
          message: `The table ${table} does not exist yet: start the fraud detection job (./portal start runs it on the local platform; elsewhere submit apps/fraud-detection with the Flink template's submit action).`,
        };
        return;
      }
      const started = Date.now();
      const result = await reader.refresh(metadata, signal);
      // Given up meanwhile: the timeout's error stands and nothing of this read is kept.
      signal.throwIfAborted();
      if (result.reset) this.#emptyStore();
      const now = Date.now();
      const fresh: AlertRow[] = [];
      for (const row of result.rows.map(toAlertRow)) {
        const streamed = this.#live.fromTable(row, now);
        if (streamed === undefined) fresh.push(row);
        else this.#store.confirm(streamed, row);
      }
      this.#store.append(fresh);
      this.#live.prune(now);
      if (result.rows.length) {
        this.options.onChange?.({ alerts: fresh.length, source: 'table' });
      }
      this.#lastCommitMs = result.lastCommitMs ?? this.#lastCommitMs;
      this.#state = { state: 'ready', table };
      if (result.dataFiles) {
        logger.info(
          `Read ${result.rows.length} alerts from ${
            result.dataFiles
          } new file(s) of ${result.newSnapshots} snapshot(s) in ${
            Date.now() - started
          } ms`,
        );
      }
    } catch (e) {
      if (signal.aborted) return;
      logger.warn(`Reading ${table} failed: ${e}`);
      // The last good data stays; the error is reported beside it.
      this.#state = {
        state: 'error',
        table,
        message: `Reading ${table} failed: ${(e as Error).message}`,
      };
    }
  }

  summary(range: { fromMs?: number; toMs?: number }): FraudSummaryResponse {
    if (this.#state.state === 'missing') return this.#state;
    if (this.#state.state === 'error' && this.#store.size === 0)
      return this.#state;
    return {
      ...this.#state,
      summary: {
        table: this.options.table,
        snapshots: this.options.reader.snapshotsRead,
        ...(this.#stream && {
          stream: { ...this.#stream(), pending: this.#live.pending },
        }),
        ...(this.#lastCommitMs && {
          lastCommitAt: new Date(this.#lastCommitMs).toISOString(),
        }),
        range: {
          ...(range.fromMs !== undefined && {
            from: new Date(range.fromMs).toISOString(),
          }),
          ...(range.toMs !== undefined && {
            to: new Date(range.toMs).toISOString(),
          }),
        },
        ...this.#store.summarize(range),
      },
    };
  }
}

export function toAlertRow(row: Record<string, unknown>): AlertRow {
  return {
    userId: String(row.user_id),
    // Tables without a rule column hold one rule's alerts; it is not guessed.
    rule: typeof row.rule === 'string' ? row.rule : 'unlabelled',
    windowStartMs: parquetTimestampMs(row.window_start) ?? NaN,
    windowEndMs: parquetTimestampMs(row.window_end) ?? NaN,
    eventCount: Number(row.event_count ?? 0),
    detectedAtMs: parquetTimestampMs(row.detected_at),
  };
}
