import { z } from 'zod';
import type { AlertRow } from './AlertStore';

/** An alert message bigger than this is garbage, not an alert (a real one is about 150 bytes). */
export const MAX_ALERT_MESSAGE_BYTES = 4096;

// Flink's JSON format writes TIMESTAMP(3) as 'yyyy-MM-dd HH:mm:ss.SSS' (SQL) or with a 'T' (ISO-8601),
// without a zone: the detector runs in UTC (table.local-time-zone).
const FLINK_TIMESTAMP = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,9})?Z?$/;

const flinkTime = z
  .string()
  .regex(FLINK_TIMESTAMP, 'a timestamp like 2026-12-01 10:00:00.000')
  .transform(s => Date.parse(`${s.replace(' ', 'T').replace(/Z$/, '')}Z`))
  .refine(ms => Number.isFinite(ms), 'a real date');

/** One record of the detector's alert topic: the alerts table's columns, as Flink's JSON format writes them. */
const alertMessageSchema = z.object({
  user_id: z.string().min(1).max(256),
  rule: z.string().min(1).max(64),
  window_start: flinkTime,
  window_end: flinkTime,
  event_count: z.number().int().nonnegative(),
  detected_at: flinkTime.nullish(),
});

/** The alert in a message of the alert topic, or why it is not one. */
export function parseAlertMessage(
  value: Buffer | null,
): { row: AlertRow } | { error: string } {
  if (!value) return { error: 'an empty message' };
  if (value.length > MAX_ALERT_MESSAGE_BYTES) {
    return {
      error: `a message of ${value.length} bytes (an alert is at most ${MAX_ALERT_MESSAGE_BYTES})`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return { error: 'a message that is not JSON' };
  }
  const parsed = alertMessageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      error: `a message that is not an alert (${issue.path.join('.')}: ${
        issue.message
      })`,
    };
  }
  const a = parsed.data;
  if (a.window_end <= a.window_start) {
    return { error: 'an alert whose window ends before it starts' };
  }
  return {
    row: {
      userId: a.user_id,
      rule: a.rule,
      windowStartMs: a.window_start,
      windowEndMs: a.window_end,
      eventCount: a.event_count,
      ...(a.detected_at !== null &&
        a.detected_at !== undefined && { detectedAtMs: a.detected_at }),
    },
  };
}
