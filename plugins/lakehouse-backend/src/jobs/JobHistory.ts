import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  TERMINAL_JOB_STATES,
  type EngineKind,
  type EngineSnapshot,
  type JobDetail,
  type JobDetailResponse,
  type JobSummary,
} from '@internal/plugin-lakehouse-common';
import pLimit from 'p-limit';
import type { JobTransition } from './JobNotices';
import type { JobOwnership } from './JobOwnership';
import type { KeptJobs } from './queryJobs';

const TABLE = 'lakehouse_job_history';
/** What is kept of a job's logs or error: the end, where failures are explained. */
export const MAX_LOG_TAIL_CHARS = 16 * 1024;
/** Other replicas (which do not poll) reload what the polling one wrote at most this often. */
const RELOAD_MS = 10_000;
const CHUNK = 200;
const TOUCH_MS = 60_000;
/** Flink's states of a job that is failing over; RUNNING after one of these is a recovery. */
const RECOVERING = new Set(['RESTARTING', 'FAILING']);
/** A job first seen already failed is notified only if it started this recently (not at a backend's first start). */
const RECENT_START_MS = 3600_000;

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

interface KeptJob {
  summary: JobSummary;
  /** What changes when the engine reports something new about the job. */
  signature: string;
}

export interface JobHistoryOptions {
  logger: LoggerService;
  /** Rows not seen on their engine for this long are deleted. */
  retentionMs: number;
  /** The job's detail, read once when it ends, for its log tail or error. */
  readDetail(
    engine: EngineKind,
    instance: string,
    jobId: string,
  ): Promise<JobDetailResponse | undefined>;
  ownership: Pick<JobOwnership, 'submission'>;
  /** Failures and recoveries, each detected against the stored row (so once across replicas). */
  onTransition?: (transition: JobTransition) => Promise<unknown>;
  now?: () => number;
}

const isTerminal = (state: string) =>
  (TERMINAL_JOB_STATES as readonly string[]).includes(state);
const signatureOf = (j: JobSummary) =>
  `${j.state}|${j.rawState}|${j.endTime ?? ''}|${j.name}`;
const instanceKey = (engine: string, instance: string) =>
  `${engine}/${instance}`;

/**
 * Every job the portal has seen, kept in its database after the engine forgets it (a restarted Ray head,
 * a Spark master's retention, a deleted custom resource): its last summary, when it was last seen, and
 * the tail of its logs or its error, read once when it ended. The replica that polls records; every
 * replica serves the kept jobs that its engines no longer list, marked `fromHistory`.
 */
export class JobHistory {
  /** Per instance: job id -> kept job, mirrored from the table. */
  readonly #kept = new Map<string, Map<string, KeptJob>>();
  /** Per live job list: the kept jobs it does not list (built once per poll and change). */
  readonly #forgotten = new WeakMap<
    object,
    { version: number; kept: KeptJobs }
  >();
  #version = 0;
  #loadedAt = 0;
  #loading?: Promise<void>;
  /** Log tails being read and notices being sent. */
  readonly #tails = new Set<Promise<void>>();
  readonly #reads = pLimit(2);
  /** Per instance: when its unchanged jobs were last marked as seen. */
  readonly #touchedAt = new Map<string, number>();
  readonly #now: () => number;

  private constructor(
    private readonly db: Knex,
    private readonly options: JobHistoryOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  static async create(
    database: DatabaseService,
    options: JobHistoryOptions,
  ): Promise<JobHistory> {
    const db = await database.getClient();
    if (!(await db.schema.hasTable(TABLE))) {
      await db.schema.createTable(TABLE, table => {
        table.string('engine', 16).notNullable();
        table.string('instance', 64).notNullable();
        table.string('job_id', 128).notNullable();
        table.text('summary').notNullable();
        table.string('state', 16).notNullable();
        table.timestamp('last_seen_at').notNullable();
        table.text('log_tail').nullable();
        table.primary(['engine', 'instance', 'job_id']);
        table.index(['last_seen_at']);
      });
    }
    const history = new JobHistory(db, options);
    await history.#load();
    return history;
  }

  /** One poll's jobs: the new and changed ones are written, the rest only marked as seen; answers how many changed. */
  async record(
    engine: EngineKind,
    instance: string,
    jobs: JobSummary[],
  ): Promise<number> {
    const key = instanceKey(engine, instance);
    const kept = this.#kept.get(key) ?? new Map<string, KeptJob>();
    this.#kept.set(key, kept);
    const now = new Date(this.#now());
    const changed = jobs.filter(
      j => kept.get(j.id)?.signature !== signatureOf(j),
    );
    const transitions = await this.#transitions(
      engine,
      instance,
      kept,
      changed,
    );
    for (let i = 0; i < changed.length; i += CHUNK) {
      await this.db(TABLE)
        .insert(
          changed.slice(i, i + CHUNK).map(j => ({
            engine,
            instance,
            job_id: j.id,
            summary: JSON.stringify(j),
            state: j.state,
            last_seen_at: now,
          })),
        )
        .onConflict(['engine', 'instance', 'job_id'])
        .merge(['summary', 'state', 'last_seen_at']);
    }
    // Seen again, unchanged: marked at most once a minute (what retention needs), not on every 2 s poll.
    const touch = now.getTime() - (this.#touchedAt.get(key) ?? 0) >= TOUCH_MS;
    if (touch) this.#touchedAt.set(key, now.getTime());
    const changedSet = new Set(changed);
    const unchanged = touch
      ? jobs.filter(j => !changedSet.has(j)).map(j => j.id)
      : [];
    for (let i = 0; i < unchanged.length; i += CHUNK * 2) {
      await this.db(TABLE)
        .where({ engine, instance })
        .whereIn('job_id', unchanged.slice(i, i + CHUNK * 2))
        .update({ last_seen_at: now });
    }
    for (const job of changed) {
      const before = kept.get(job.id);
      kept.set(job.id, { summary: job, signature: signatureOf(job) });
      // Ended since the last poll; at a first start, only what ended lately (not an engine's whole past).
      const justEnded =
        isTerminal(job.state) &&
        (before
          ? !isTerminal(before.summary.state)
          : this.#now() - Date.parse(job.startTime ?? '') < RECENT_START_MS);
      if (justEnded) {
        this.#keepTail(engine, instance, job.id, transitions.get(job.id));
      } else if (transitions.has(job.id)) {
        this.#announce(transitions.get(job.id)!);
      }
    }
    if (changed.length) this.#version++;
    return changed.length;
  }

  /**
   * Which changed jobs failed or recovered, decided against their stored rows (not this replica's
   * mirror, which another replica's poll may have moved on): only the rows of likely candidates are read.
   */
  async #transitions(
    engine: EngineKind,
    instance: string,
    kept: Map<string, KeptJob>,
    changed: JobSummary[],
  ): Promise<Map<string, JobTransition>> {
    const found = new Map<string, JobTransition>();
    if (!this.options.onTransition) return found;
    const candidates = changed.filter(j => {
      const before = kept.get(j.id)?.summary;
      return (
        (j.state === 'FAILED' && before?.state !== 'FAILED') ||
        (j.rawState === 'RUNNING' && RECOVERING.has(before?.rawState ?? ''))
      );
    });
    if (!candidates.length) return found;
    const rows = new Map<string, { summary: string; last_seen_at: unknown }>(
      (
        await this.db(TABLE)
          .where({ engine, instance })
          .whereIn(
            'job_id',
            candidates.map(j => j.id),
          )
          .select('job_id', 'summary', 'last_seen_at')
      ).map(r => [r.job_id, r]),
    );
    const now = this.#now();
    for (const job of candidates) {
      const row = rows.get(job.id);
      const stored = row && (JSON.parse(row.summary) as JobSummary);
      if (job.state === 'FAILED') {
        const fresh = stored
          ? stored.state !== 'FAILED'
          : now - Date.parse(job.startTime ?? '') < RECENT_START_MS;
        if (fresh) found.set(job.id, { kind: 'failed', job, key: 'failed' });
      } else if (stored && RECOVERING.has(stored.rawState)) {
        found.set(job.id, {
          kind: 'recovered',
          job,
          // The row as the failing-over state was last seen: the same for whoever detects this recovery.
          key: `recovered:${new Date(row!.last_seen_at as any).getTime()}`,
        });
      }
    }
    return found;
  }

  #announce(transition: JobTransition) {
    this.#track(
      Promise.resolve(this.options.onTransition?.(transition)).catch(e =>
        this.options.logger.warn(
          `Could not notify that ${transition.job.engine} job ${transition.job.id} ${transition.kind}: ${e}`,
        ),
      ),
    );
  }

  #track(task: Promise<unknown>) {
    const tracked: Promise<void> = task
      .then(() => undefined)
      .finally(() => this.#tails.delete(tracked));
    this.#tails.add(tracked);
  }

  /** The kept jobs of the snapshot's instance that its engine no longer lists. */
  forgotten(snapshot: EngineSnapshot): KeptJobs | undefined {
    this.#reloadIfStale();
    const kept = this.#kept.get(
      instanceKey(snapshot.engine, snapshot.instance),
    );
    if (!kept?.size) return undefined;
    // Keyed by the poll's data: a new poll or a change in the history builds the list again.
    const live = snapshot.data ?? snapshot;
    const cached = this.#forgotten.get(live);
    if (cached?.version === this.#version) return cached.kept;
    const listed = new Set(snapshot.data?.jobs.map(j => j.id));
    const jobs = [...kept.values()]
      .filter(k => !listed.has(k.summary.id))
      .map(k => ({ ...k.summary, fromHistory: true as const }));
    const result: KeptJobs = {
      engine: snapshot.engine,
      instance: snapshot.instance,
      data: { jobs },
    };
    this.#forgotten.set(live, { version: this.#version, kept: result });
    return result;
  }

  /** A job its engine does not know, as kept; undefined when it was never seen. */
  async detail(
    engine: EngineKind,
    instance: string,
    jobId: string,
  ): Promise<JobDetailResponse | undefined> {
    const row = await this.db(TABLE)
      .where({ engine, instance, job_id: jobId })
      .first();
    if (!row) return undefined;
    const submission = await this.options.ownership.submission(
      engine,
      instance,
      jobId,
    );
    return {
      job: { ...JSON.parse(row.summary), fromHistory: true },
      detail: {
        source: 'history',
        engine,
        lastSeenAt: new Date(row.last_seen_at).toISOString(),
        logTail: row.log_tail ?? null,
        submittedBy: submission?.submittedBy ?? null,
        entrypoint: submission?.request?.entrypoint ?? null,
        args: submission?.request?.args ?? [],
      },
    };
  }

  /** Deletes what was last seen longer ago than the retention; answers how many. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.#now() - this.options.retentionMs);
    const deleted = await this.db(TABLE)
      .where('last_seen_at', '<', cutoff)
      .delete();
    if (deleted) {
      this.options.logger.info(
        `Removed ${deleted} job(s) not seen since ${cutoff.toISOString()} from the kept history`,
      );
      await this.#load();
    }
    return deleted;
  }

  /** Resolves when the log tails being read have been kept (for tests and shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.#tails]);
  }

  /** Reads and keeps the ended job's log tail, then announces its failure (if it failed) with it. */
  #keepTail(
    engine: EngineKind,
    instance: string,
    jobId: string,
    transition?: JobTransition,
  ) {
    this.#track(
      // Two at a time: a poll that sees many jobs end must not burst detail calls at the engine.
      this.#reads(() => this.options.readDetail(engine, instance, jobId))
        .then(async response => {
          const tail = response && tailOf(response.detail);
          if (!tail) return undefined;
          const kept = tail.slice(-MAX_LOG_TAIL_CHARS);
          await this.db(TABLE)
            .where({ engine, instance, job_id: jobId })
            .update({ log_tail: kept });
          return kept;
        })
        .catch(e => {
          this.options.logger.warn(
            `Could not keep the log tail of ${engine}/${instance} job ${jobId}: ${e}`,
          );
          return undefined;
        })
        .then(tail => {
          if (transition) this.#announce({ ...transition, tail });
        }),
    );
  }

  #reloadIfStale() {
    if (this.#loading || this.#now() - this.#loadedAt < RELOAD_MS) return;
    this.#loading = this.#load()
      .catch(e =>
        this.options.logger.warn(`Could not read the kept job history: ${e}`),
      )
      .finally(() => {
        this.#loading = undefined;
      });
  }

  async #load() {
    const rows = await this.db(TABLE).select(
      'engine',
      'instance',
      'job_id',
      'summary',
    );
    this.#kept.clear();
    for (const row of rows) {
      const key = instanceKey(row.engine, row.instance);
      const kept = this.#kept.get(key) ?? new Map<string, KeptJob>();
      this.#kept.set(key, kept);
      const summary = JSON.parse(row.summary) as JobSummary;
      kept.set(row.job_id, { summary, signature: signatureOf(summary) });
    }
    this.#loadedAt = this.#now();
    this.#version++;
  }
}

/** What a detail says of how the job ended: Ray's log tail, Flink's exceptions, Spark's submission message. */
export function tailOf(detail: JobDetail): string | undefined {
  switch (detail.source) {
    case 'kubernetes':
      return detail.message ?? undefined;
    case 'history':
      return detail.logTail ?? undefined;
    default:
      break;
  }
  switch (detail.engine) {
    case 'ray':
      return detail.logs ?? undefined;
    case 'flink':
      return detail.exceptions.map(e => e.rootCause).join('\n\n') || undefined;
    default:
      return detail.submission?.message;
  }
}
