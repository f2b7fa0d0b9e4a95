import type { AlertRow } from './AlertStore';

/** How long an alert's key is remembered after its window ended or it was seen, whichever is later. */
export const RECENT_MS = 60 * 60_000;
/** Streamed alerts the table never committed (a detector that died before its checkpoint) are kept up to this many. */
export const MAX_PENDING = 10_000;

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
  /** Streamed, not yet in the table: key -> the store index (insertion order = arrival order). */
  readonly #pending = new Map<string, { index: number; row: AlertRow }>();
  /** Keys seen recently -> until when they are remembered. */
  readonly #recent = new Map<string, number>();

  get pending(): number {
    return this.#pending.size;
  }

  /** A streamed alert whose key was not seen recently. */
  isNew(row: AlertRow): boolean {
    return !this.#recent.has(keyOf(row));
  }

  /** Remembers a streamed alert stored at `index` until the table confirms it. */
  addPending(row: AlertRow, index: number, nowMs: number): void {
    const key = keyOf(row);
    this.#pending.set(key, { index, row });
    this.#remember(key, row, nowMs);
    if (this.#pending.size > MAX_PENDING) {
      // The oldest stays in the store, live; only its confirmation is given up.
      this.#pending.delete(this.#pending.keys().next().value!);
    }
  }

  /**
   * A row read from the table: the store index of the same alert streamed
   * earlier (to confirm instead of appending), or undefined.
   */
  fromTable(row: AlertRow, nowMs: number): number | undefined {
    const key = keyOf(row);
    const pending = this.#pending.get(key);
    this.#pending.delete(key);
    // Old rows of a first full read are not remembered: the stream only brings new ones.
    if (pending || row.windowEndMs > nowMs - RECENT_MS)
      this.#remember(key, row, nowMs);
    return pending?.index;
  }

  /** The store was emptied: forget its indexes; the streamed rows not in the table yet, to store again. */
  reset(): AlertRow[] {
    const rows = [...this.#pending.values()].map(p => p.row);
    this.#pending.clear();
    this.#recent.clear();
    return rows;
  }

  /** Forgets keys no longer recent; a pending one waits for its table row. */
  prune(nowMs: number): void {
    for (const [key, until] of this.#recent) {
      if (until <= nowMs && !this.#pending.has(key)) this.#recent.delete(key);
    }
  }

  #remember(key: string, row: AlertRow, nowMs: number) {
    this.#recent.set(key, Math.max(row.windowEndMs, nowMs) + RECENT_MS);
  }
}
