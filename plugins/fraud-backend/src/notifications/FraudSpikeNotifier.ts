import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { AlertsService } from '../alerts/AlertsService';

const TABLE = 'fraud_spike_notices';
const MINUTE = 60_000;
/** Complete minutes looked back at on each check: a late refresh still sees the spike. */
const LOOKBACK_MINUTES = 5;

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

export interface FraudSpikeSettings {
  /** More alerts than this in one minute (by window start) is a spike. */
  alertsPerMinute: number;
  /** Who is told: entity refs (the fraud team's group). */
  recipients: string[];
}

/**
 * Tells the fraud team when the detector's alerts per minute pass a threshold, once per minute however
 * many replicas refresh the alerts or restart: the minute's key is inserted into the plugin's
 * database first, and only the insert that succeeds sends.
 */
export class FraudSpikeNotifier {
  private constructor(
    private readonly db: Knex,
    private readonly options: FraudSpikeSettings & {
      alerts: Pick<AlertsService, 'summary'>;
      notifications: Pick<NotificationService, 'send'>;
      logger: LoggerService;
      appBaseUrl: string;
      now?: () => number;
    },
  ) {}

  static async create(
    database: DatabaseService,
    options: FraudSpikeNotifier['options'],
  ): Promise<FraudSpikeNotifier> {
    const db = await database.getClient();
    if (!(await db.schema.hasTable(TABLE))) {
      await db.schema.createTable(TABLE, table => {
        table.timestamp('minute_start').primary();
        table.integer('alerts').notNullable();
        table.timestamp('sent_at').notNullable();
      });
    }
    return new FraudSpikeNotifier(db, options);
  }

  /** Checks the last complete minutes; answers the minutes it notified. */
  async check(): Promise<string[]> {
    const { alerts, alertsPerMinute, recipients } = this.options;
    const current =
      Math.floor((this.options.now ?? Date.now)() / MINUTE) * MINUTE;
    const sent: string[] = [];
    for (let i = LOOKBACK_MINUTES; i >= 1; i--) {
      const fromMs = current - i * MINUTE;
      const { summary } = alerts.summary({ fromMs, toMs: fromMs + MINUTE });
      const count = summary?.kpis.alerts ?? 0;
      if (count <= alertsPerMinute) continue;
      const minute = new Date(fromMs);
      try {
        await this.db(TABLE).insert({
          minute_start: minute,
          alerts: count,
          sent_at: new Date(),
        });
      } catch {
        continue; // told already
      }
      const at = minute.toISOString().slice(11, 16);
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: {
          title: `Fraud spike: ${count} alerts in the minute from ${at} UTC`,
          description: `More than ${alertsPerMinute} alerts a minute (fraud.notifications.spikeAlertsPerMinute). Top users: ${summary!.topUsers
            .slice(0, 5)
            .map(u => `${u.userId} (${u.alerts})`)
            .join(', ')}.`,
          link: `${this.options.appBaseUrl}/fraud`,
          severity: 'critical',
          topic: 'fraud:spike',
        },
      });
      this.options.logger.info(
        `Notified ${recipients.join(
          ', ',
        )} of a fraud spike: ${count} alerts at ${minute.toISOString()}`,
      );
      sent.push(minute.toISOString());
    }
    return sent;
  }
}
