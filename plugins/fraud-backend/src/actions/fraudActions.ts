import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { AlertsService } from '../alerts/AlertsService';
import { readSummary } from '../alerts/readSummary';

export interface FraudActionsOptions {
  alerts: AlertsService;
  maxAgeMs: number;
  /** The dashboard's permission check (fraud.dashboard.read), applied to the caller's credentials. */
  requireDashboardRead(credentials: BackstageCredentials): Promise<void>;
}

/**
 * The fraud dashboard's numbers for agents, from the same alerts the page shows. Lists are cut to what
 * the agent asks for: the page's full series would fill its context for nothing.
 */
export function registerFraudActions(
  registry: ActionsRegistryService,
  { alerts, maxAgeMs, requireDashboardRead }: FraudActionsOptions,
) {
  registry.register({
    name: 'get-fraud-summary',
    title: 'Summarise fraud alerts',
    description:
      "What the fraud detector found in a time range (alerts whose window starts in [from, to); all time without them): alert and flagged-user counts, alerts per hour, detection latency, the users with most alerts and the latest alerts. state is 'missing' when the detector's table does not exist yet and 'error' when it could not be read (message says why; the last good numbers are kept).",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          from: z.string().optional().describe('ISO 8601 time'),
          to: z.string().optional().describe('ISO 8601 time'),
          top: z
            .number()
            .int()
            .min(0)
            .max(100)
            .default(10)
            .describe('How many top users and latest alerts to return'),
        }),
      output: z =>
        z.object({
          state: z.enum(['ready', 'missing', 'error']),
          table: z.string(),
          message: z.string().optional(),
          lastCommitAt: z.string().optional(),
          kpis: z
            .object({
              alerts: z.number(),
              flaggedUsers: z.number(),
              alertsPerHour: z.number(),
              detectionLatencyMs: z
                .object({ p50: z.number(), p95: z.number() })
                .optional(),
            })
            .optional(),
          topUsers: z
            .array(
              z.object({
                userId: z.string(),
                alerts: z.number(),
                events: z.number(),
                rules: z.array(z.string()),
              }),
            )
            .optional(),
          latest: z
            .array(
              z.object({
                userId: z.string(),
                rule: z.string(),
                windowStart: z.string(),
                windowEnd: z.string(),
                eventCount: z.number(),
                detectedAt: z.string().optional(),
              }),
            )
            .optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      await requireDashboardRead(credentials);
      const { from, to, top } = input;
      const { state, table, message, summary } = await readSummary(
        alerts,
        maxAgeMs,
        { from, to },
        'input',
      );
      return {
        output: {
          state,
          table,
          ...(message && { message }),
          ...(summary && {
            ...(summary.lastCommitAt && { lastCommitAt: summary.lastCommitAt }),
            kpis: summary.kpis,
            topUsers: summary.topUsers.slice(0, top),
            latest: summary.latest.slice(0, top),
          }),
        },
      };
    },
  });
}
