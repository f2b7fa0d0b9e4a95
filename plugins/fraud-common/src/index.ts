/**
 * Types and permission of the fraud dashboard.
 *
 * @packageDocumentation
 */

import { createPermission } from '@backstage/plugin-permission-common';
import { z } from 'zod';
import { isoTime } from './isoTime';
import { fraudSimulationControlPermission } from './simulation';

export * from './simulation';

/**
 * Reading the fraud dashboard (alerts name users).
 * @public
 */
export const fraudDashboardReadPermission = createPermission({
  name: 'fraud.dashboard.read',
  attributes: { action: 'read' },
});

/** @public */
export const fraudPermissions = [
  fraudDashboardReadPermission,
  fraudSimulationControlPermission,
];

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
  /**
   * True while the alert is known only from the detector's alert stream: the table (the record)
   * has not committed it yet. It becomes an ordinary row when the table's next snapshot holds it.
   */
  live?: boolean;
}

/**
 * The detector's alert stream (Kafka) as the backend reads it; absent when not configured.
 * @public
 */
export interface FraudAlertStreamStatus {
  topic: string;
  state: 'connecting' | 'connected' | 'error';
  /** Why it is not connected, and what to check. */
  message?: string;
  /** When the last alert arrived on the stream (ISO 8601). */
  lastAlertAt?: string;
  /** Alerts received from the stream that the table has not committed yet. */
  pending: number;
}

/**
 * The Backstage signals channel on which the fraud backend says that the alerts changed (an alert
 * arrived on the stream, or the table committed new ones). Open dashboards refetch the summary,
 * which checks the reader's permission: the signal carries no alert data.
 * @public
 */
export const FRAUD_ALERTS_SIGNAL_CHANNEL = 'fraud:alerts';

/** @public */
export interface FraudAlertsChangedSignal {
  [key: string]: string | number;
  /** How many new alerts. */
  alerts: number;
  /** `stream` or `table`. */
  source: string;
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
  /** The alert stream, when configured: alerts reach the page from it before the table commits them. */
  stream?: FraudAlertStreamStatus;
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

/**
 * `GET /api/fraud/summary`: the table's state and, once it has been read, the summary for the range.
 * `missing` and `error` say why in `message`; an error after a good read keeps the last summary.
 * @public
 */
export interface FraudSummaryResponse {
  state: 'ready' | 'missing' | 'error';
  table: string;
  message?: string;
  summary?: FraudSummary;
}

const fraudAlertSchema: z.ZodType<FraudAlert> = z.strictObject({
  userId: z.string(),
  rule: z.string(),
  windowStart: isoTime,
  windowEnd: isoTime,
  eventCount: z.number().int().nonnegative(),
  detectedAt: isoTime.optional(),
  live: z.literal(true).optional(),
});

/** @public */
export const fraudSummarySchema: z.ZodType<FraudSummary> = z.strictObject({
  table: z.string(),
  snapshots: z.number().int().nonnegative(),
  lastCommitAt: isoTime.optional(),
  range: z.strictObject({ from: isoTime.optional(), to: isoTime.optional() }),
  stream: z
    .strictObject({
      topic: z.string(),
      state: z.enum(['connecting', 'connected', 'error']),
      message: z.string().optional(),
      lastAlertAt: isoTime.optional(),
      pending: z.number().int().nonnegative(),
    })
    .optional(),
  kpis: z.strictObject({
    alerts: z.number().int().nonnegative(),
    flaggedUsers: z.number().int().nonnegative(),
    alertsPerHour: z.number().nonnegative(),
    detectionLatencyMs: z
      .strictObject({ p50: z.number(), p95: z.number() })
      .optional(),
  }),
  overTime: z.array(
    z.strictObject({
      bucketStart: isoTime,
      counts: z.record(z.string(), z.number().int().nonnegative()),
    }),
  ),
  bucketMs: z.number().positive(),
  topUsers: z.array(
    z.strictObject({
      userId: z.string(),
      alerts: z.number().int().nonnegative(),
      events: z.number().int().nonnegative(),
      rules: z.array(z.string()),
    }),
  ),
  latest: z.array(fraudAlertSchema),
});

/** @public */
export const fraudSummaryResponseSchema: z.ZodType<FraudSummaryResponse> = z
  .strictObject({
    state: z.enum(['ready', 'missing', 'error']),
    table: z.string(),
    message: z.string().optional(),
    summary: fraudSummarySchema.optional(),
  })
  .refine(r => r.state === 'ready' || !!r.message, {
    message: 'a missing or failed table says why (message)',
  })
  .refine(r => r.state !== 'missing' || !r.summary, {
    message: 'a missing table has no summary',
  });
