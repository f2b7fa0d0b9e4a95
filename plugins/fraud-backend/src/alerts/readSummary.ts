import { InputError } from '@backstage/errors';
import type { FraudSummaryResponse } from '@internal/plugin-fraud-common';
import { z } from 'zod';
import type { AlertsService } from './AlertsService';

const isoTime = z
  .string()
  .refine(v => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time')
  .transform(v => Date.parse(v));

/** A time range as the route's query and the agents' action both give it. */
export const summaryRangeSchema = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
});

/**
 * The dashboard for a time range (alerts whose window starts in [from, to)), after refreshing data
 * older than `maxAgeMs`: one reading for the route and the action, so both check the same way.
 */
export async function readSummary(
  alerts: AlertsService,
  maxAgeMs: number,
  range: unknown,
  what: string,
): Promise<FraudSummaryResponse> {
  const parsed = summaryRangeSchema.safeParse(range);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what}: ${parsed.error.issues
        .map(i => `${i.path.join('.') || i.message}: ${i.message}`)
        .join('; ')}`,
    );
  }
  const { from, to } = parsed.data;
  if (from !== undefined && to !== undefined && from >= to) {
    throw new InputError(`Invalid ${what}: from must be before to`);
  }
  await alerts.refreshIfStale(maxAgeMs);
  return alerts.summary({ fromMs: from, toMs: to });
}
