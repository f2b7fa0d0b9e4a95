import { IncrementalTableReader } from '@internal/plugin-lakehouse-node';
import { ALERT_COLUMNS, toAlertRow } from '../src/alerts/AlertsService';
import { AlertStore } from '../src/alerts/AlertStore';
import { alertsTable } from '../src/__testUtils__/alertsTable';

/**
 * Benchmark (`yarn bench:fraud`: bundled with esbuild and run by plain node, since jest's
 * transform and sandbox make hot loops an order of magnitude slower): an alerts table
 * of 1,000,000 rows in 100 snapshots, written as Iceberg lays it out (Avro
 * manifest lists and manifests, Parquet data files) and served from memory,
 * so the figures are the reader's own work: first load time and memory, and
 * the refresh after one more snapshot. Prints its figures.
 */
const SNAPSHOTS = Number(process.env.BENCH_SNAPSHOTS ?? 100);
const ROWS_PER_SNAPSHOT = Number(process.env.BENCH_ROWS ?? 10_000);
const T0 = Date.parse('2026-01-01T00:00:00Z');

function rows(snapshot: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const n = snapshot * count + i;
    const start = T0 + n * 1000;
    return {
      user_id: `user-${n % 50_000}`,
      rule: n % 7 ? 'burst' : 'failed_payments',
      window_start: start,
      window_end: start + 10_000,
      event_count: 6 + (n % 5),
      detected_at: start + 10_000 + 500 + (n % 3000),
    };
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function check(ok: boolean, what: string) {
  if (!ok) throw new Error(`benchmark check failed: ${what}`);
}

async function main() {
  const table = alertsTable();
  let t = Date.now();
  for (let s = 0; s < SNAPSHOTS; s++)
    await table.append(rows(s, ROWS_PER_SNAPSHOT));
  const written = Date.now() - t;
  const bytes = [...table.objects.values()].reduce((n, b) => n + b.length, 0);

  (globalThis as { gc?: () => void }).gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const reader = new IncrementalTableReader(table, ALERT_COLUMNS);
  const store = new AlertStore();
  t = Date.now();
  const first = await reader.refresh(table.metadata());
  store.append(first.rows.map(toAlertRow));
  const firstLoadMs = Date.now() - t;
  first.rows.length = 0; // the rows live on in the store's columns only
  (globalThis as { gc?: () => void }).gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  t = Date.now();
  const summary = store.summarize({});
  const summaryMs = Date.now() - t;

  await table.append(rows(SNAPSHOTS, ROWS_PER_SNAPSHOT));
  t = Date.now();
  const next = await reader.refresh(table.metadata());
  store.append(next.rows.map(toAlertRow));
  const refreshMs = Date.now() - t;

  check(
    summary.kpis.alerts === SNAPSHOTS * ROWS_PER_SNAPSHOT,
    'all alerts summarised',
  );
  check(
    store.size === (SNAPSHOTS + 1) * ROWS_PER_SNAPSHOT,
    'the new snapshot appended',
  );
  check(next.dataFiles === 1, 'the refresh read one new file');
  const figures = {
    table: `${SNAPSHOTS * ROWS_PER_SNAPSHOT} rows, ${SNAPSHOTS} snapshots, ${mb(
      bytes,
    )} of files (written in ${written} ms)`,
    firstLoadMs,
    firstLoadHeap: mb(heapAfter - heapBefore),
    rss: mb(process.memoryUsage().rss),
    summaryMs,
    refreshMs,
    refreshRows: next.rows.length,
    goals: 'first load < 5000 ms, refresh < 200 ms',
  };
  // eslint-disable-next-line no-console
  console.log(`[bench:fraud] ${JSON.stringify(figures, null, 2)}`);
}

main().catch(e => {
  // eslint-disable-next-line no-console
  console.error(e);
  process.exit(1);
});
