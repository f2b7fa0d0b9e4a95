import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  lakehouseJobResourceRef,
  type JobSummary,
} from '@internal/plugin-lakehouse-common';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { JobOwnership } from './JobOwnership';
import { statusPageUrl } from './statusPageUrl';

const TABLE = 'lakehouse_job_notices';
/** What a notification quotes of a failed job's logs or error. */
const MAX_DESCRIPTION_CHARS = 1_000;
const DESCRIPTION_LINES = 4;

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** A change in a job worth telling its owners about, as the kept history detected it. */
export interface JobTransition {
  kind: 'failed' | 'recovered';
  job: JobSummary;
  /** The same for every replica and restart that detects this transition: the notice is sent once. */
  key: string;
  /** The end of the failed job's logs or its error. */
  tail?: string;
}

/**
 * Backstage notifications for job transitions: a failed job tells its submitter and its entity's
 * owners (with the error and a link to the job), a streaming job that recovered from restarts says
 * so. Each transition is sent once, however many replicas or restarts see it: its key is inserted
 * into the plugin's database first, and only the insert that succeeds sends.
 */
export class JobNotices {
  private constructor(
    private readonly db: Knex,
    private readonly options: {
      notifications: Pick<NotificationService, 'send'>;
      ownership: Pick<JobOwnership, 'getResources'>;
      logger: LoggerService;
      /** The portal's frontend, for the link to the job. */
      appBaseUrl: string;
    },
  ) {}

  static async create(
    database: DatabaseService,
    options: JobNotices['options'],
  ): Promise<JobNotices> {
    const db = await database.getClient();
    if (!(await db.schema.hasTable(TABLE))) {
      await db.schema.createTable(TABLE, table => {
        table.string('engine', 16).notNullable();
        table.string('instance', 64).notNullable();
        table.string('job_id', 128).notNullable();
        table.string('notice', 128).notNullable();
        table.timestamp('sent_at').notNullable();
        table.primary(['engine', 'instance', 'job_id', 'notice']);
      });
    }
    return new JobNotices(db, options);
  }

  async send(transition: JobTransition): Promise<boolean> {
    const { job, kind, key, tail } = transition;
    const ref = lakehouseJobResourceRef({
      engine: job.engine,
      instance: job.instance,
      jobId: job.id,
    });
    const [owners] = await this.options.ownership.getResources([ref]);
    const recipients = [
      ...new Set(
        [owners?.submittedBy, ...(owners?.ownerRefs ?? [])].filter(
          (r): r is string => !!r,
        ),
      ),
    ];
    if (!recipients.length) return false;
    try {
      await this.db(TABLE).insert({
        engine: job.engine,
        instance: job.instance,
        job_id: job.id,
        notice: key.slice(0, 128),
        sent_at: new Date(),
      });
    } catch {
      // Already sent by another replica, or before a restart.
      return false;
    }
    const engine = job.engine[0].toUpperCase() + job.engine.slice(1);
    const common = {
      link: statusPageUrl(this.options.appBaseUrl, {
        engine: job.engine,
        instance: job.instance,
        jobId: job.id,
      }),
      topic: `lakehouse:${ref}`,
    };
    await this.options.notifications.send({
      recipients: { type: 'entity', entityRef: recipients },
      payload:
        kind === 'failed'
          ? {
              ...common,
              title: `${engine} job '${job.name}' failed`,
              description: tail
                ? lastLines(tail)
                : `It ended ${job.rawState} on ${job.instance}.`,
              severity: 'high',
            }
          : {
              ...common,
              title: `${engine} job '${job.name}' recovered`,
              description: `It is running again on ${job.instance} after restarting.`,
              severity: 'normal',
            },
    });
    this.options.logger.info(
      `Notified ${recipients.join(', ')}: ${job.engine}/${job.instance} job ${
        job.id
      } ${kind}`,
    );
    return true;
  }
}

/** The end of a log, where the error is: its last few lines, so a notification's first line is the error. */
function lastLines(tail: string): string {
  const lines = tail
    .trimEnd()
    .split('\n')
    .filter(l => l.trim());
  return lines
    .slice(-DESCRIPTION_LINES)
    .join('\n')
    .slice(-MAX_DESCRIPTION_CHARS);
}
