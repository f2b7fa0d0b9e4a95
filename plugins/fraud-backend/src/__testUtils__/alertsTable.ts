import { FixtureTable } from '@internal/plugin-lakehouse-node/testUtils';

/** One alert as the fraud job writes it; times in epoch milliseconds. */
export interface FixtureAlert {
  user_id: string;
  rule?: string | null;
  window_start: number;
  window_end: number;
  event_count: number;
  detected_at?: number | null;
}

/** The columns of files written before `rule` and `detected_at` were added. */
export const REQUIRED_ALERT_COLUMNS = [
  'user_id',
  'window_start',
  'window_end',
  'event_count',
];

/** The fraud detector's alerts table (`fraud.alerts`) in memory, written as Iceberg lays it out. */
export function alertsTable(): FixtureTable {
  return new FixtureTable({
    location: 's3://warehouse/fraud/alerts',
    columns: [
      { name: 'user_id', type: 'string' },
      { name: 'window_start', type: 'timestamptz' },
      { name: 'window_end', type: 'timestamptz' },
      { name: 'event_count', type: 'long' },
      { name: 'rule', type: 'string' },
      { name: 'detected_at', type: 'timestamptz' },
    ],
  });
}
