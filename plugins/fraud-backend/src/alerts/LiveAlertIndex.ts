import type { AlertRow } from './AlertStore';

/** How long an alert's key is remembered after its window ended: longer than any checkpoint delay. */
export const RECENT_MS = 60 * 60_000;

const keyOf = (row: AlertRow) =>
  `${row.userId}\u0000${row.rule}\u0000${row.windowStartMs}`;

/**
 * An alert can arrive twice, from the stream at once and from the table at
 * the detector's next checkpoint, and the stream may repeat itself (its
 * delivery is at least once). This index counts each alert once: a stream
 * alert is new unless its key was seen, and a table row that was already
 * streamed confirms the stored one instead of adding another.
 */
export class LiveAlertIndex {
  /** Streamed, not yet in the table: key -> the store index. */
  readonly #pending = new Map<string, { index: number; row: AlertRow }>();
  /** Keys of alerts whose window ended within RECENT_MS -> window end. */
  readonly #recent = new Map<string, number>();

  get pending(): number {
    return this.#pending.size;
  }

  /** A streamed alert not seen before: remember it at `index` once stored. */
  isNew(row: AlertRow): boolean {
    return !this.#recent.has(keyOf(row));
  }

  addPending(row: AlertRow, index: number): void {
    const key = keyOf(row);
    this.#pending.set(key, { index, row });
    this.#recent.set(key, row.windowEndMs);
  }

  /**
   * A row read from the table: the store index of the same alert streamed
   * earlier (to confirm instead of appending), or undefined.
   */
  fromTable(row: AlertRow, nowMs: number): number | undefined {
    const key = keyOf(row);
    const pending = this.#pending.get(key);
    this.#pending.delete(key);
    if (row.windowEndMs > nowMs - RECENT_MS)
      this.#recent.set(key, row.windowEndMs);
    return pending?.index;
  }

  /** The table was replaced: forget what it held; the streamed rows not in it yet, to store again. */
  reset(): AlertRow[] {
    const rows = [...this.#pending.values()].map(p => p.row);
    this.#pending.clear();
    this.#recent.clear();
    return rows;
  }

  /** Forgets keys of windows that ended before RECENT_MS; an alert never committed stays live in the store. */
  prune(nowMs: number): void {
    for (const [key, end] of this.#recent) {
      if (end <= nowMs - RECENT_MS) {
        this.#recent.delete(key);
        this.#pending.delete(key);
      }
    }
  }
}
