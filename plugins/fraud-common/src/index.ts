/**
 * Types and permission of the fraud dashboard.
 *
 * @packageDocumentation
 */

import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the fraud dashboard (alerts name users).
 * @public
 */
export const fraudDashboardReadPermission = createPermission({
  name: 'fraud.dashboard.read',
  attributes: { action: 'read' },
});

/** @public */
export const fraudPermissions = [fraudDashboardReadPermission];

/**
 * One alert as the fraud job writes it to the alerts table.
 * @public
 */
export interface FraudAlert {
  userId: string;
  /** Which rule fired: `burst` (events per window) or `failed_payments`. */
  rule: string;
  /** ISO 8601. */
  windowStart: string;
  windowEnd: string;
  eventCount: number;
  /** When the job emitted the alert (ISO 8601); absent in tables without the column. */
  detectedAt?: string;
}

/**
 * The dashboard's answer for a time range.
 * @public
 */
export interface FraudSummary {
  table: string;
  /** Snapshots read so far and the newest one's commit time. */
  snapshots: number;
  lastCommitAt?: string;
  range: { from?: string; to?: string };
  kpis: {
    alerts: number;
    flaggedUsers: number;
    /** Alerts per hour over the range covered by the alerts' windows. */
    alertsPerHour: number;
    /** Median and p95 of detectedAt - windowEnd, in ms; absent without detectedAt. */
    detectionLatencyMs?: { p50: number; p95: number };
  };
  /** Alerts per time bucket and rule. */
  overTime: { bucketStart: string; counts: Record<string, number> }[];
  bucketMs: number;
  topUsers: {
    userId: string;
    alerts: number;
    events: number;
    rules: string[];
  }[];
  latest: FraudAlert[];
}

/**
 * On a component (the fraud detector's): the alerts table it writes, as
 * `namespace.table`. Such components get the fraud dashboard's entity card.
 * @public
 */
export const FRAUD_ALERTS_TABLE_ANNOTATION = 'fraud.lakehouse.io/alerts-table';
