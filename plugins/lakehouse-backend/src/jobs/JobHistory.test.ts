import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type {
  JobDetailResponse,
  JobSummary,
} from '@internal/plugin-lakehouse-common';
import { JobHistory, MAX_LOG_TAIL_CHARS } from './JobHistory';
import type { JobTransition } from './JobNotices';
import { queryJobs } from './queryJobs';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const job = (
  id: string,
  state: JobSummary['state'],
  extra = {},
): JobSummary => ({
  id,
  name: `job-${id}`,
  engine: 'ray',
  instance: 'local',
  kind: 'job',
  state,
  rawState: state,
  startTime: new Date(Date.now() - 60_000).toISOString(),
  links: [],
  ...extra,
});
const snapshot = (jobs: JobSummary[]) => ({
  engine: 'ray' as const,
  instance: 'local',
  data: {
    cluster: { nodeKind: 'node' as const, nodes: { alive: 1, total: 1 } },
    jobs,
  },
});

async function setUp(
  options: {
    now?: () => number;
    retentionMs?: number;
    onTransition?: (t: JobTransition) => Promise<unknown>;
  } = {},
) {
  const knex = await databases.init('SQLITE_3');
  const database = { getClient: async () => knex } as any;
  const reads: string[] = [];
  const deps = {
    logger: mockServices.logger.mock(),
    retentionMs: options.retentionMs ?? 3600_000,
    now: options.now,
    onTransition: options.onTransition,
    ownership: {
      submission: async (_e: string, _i: string, id: string) =>
        id === 'a'
          ? {
              submittedBy: 'user:default/ada',
              request: { entrypoint: 'main.py', args: ['--days', '7'] } as any,
            }
          : undefined,
    },
    readDetail: async (_e: any, _i: string, id: string) => {
      reads.push(id);
      return {
        job: job(id, 'FAILED'),
        detail: {
          source: 'rest',
          engine: 'ray',
          entrypoint: 'python main.py',
          message: null,
          errorType: null,
          driverExitCode: 1,
          logs: `${'x'.repeat(MAX_LOG_TAIL_CHARS)}Traceback: boom`,
          logsTruncated: false,
          logsError: null,
        },
      } as JobDetailResponse;
    },
  };
  return {
    history: await JobHistory.create(database, deps),
    database,
    deps,
    reads,
    knex,
  };
}

describe('JobHistory', () => {
  it('keeps the jobs an engine forgets, marked, with their log tail read once when they ended', async () => {
    const { history, reads, database, deps } = await setUp();
    await history.record('ray', 'local', [job('a', 'RUNNING')]);
    expect(reads).toEqual([]);
    await history.record('ray', 'local', [
      job('a', 'FAILED'),
      job('b', 'SUCCEEDED'),
    ]);
    // Seen again unchanged: no second read.
    await history.record('ray', 'local', [
      job('a', 'FAILED'),
      job('b', 'SUCCEEDED'),
    ]);
    await history.settled();
    expect(reads.sort()).toEqual(['a', 'b']);

    // The engine restarted: it lists only a new job.
    const live = snapshot([job('c', 'RUNNING')]);
    const kept = history.forgotten(live)!;
    expect(kept.data.jobs.map(j => [j.id, j.state, j.fromHistory])).toEqual([
      ['a', 'FAILED', true],
      ['b', 'SUCCEEDED', true],
    ]);
    // Built once per poll and change: the same list object, which the job index caches by.
    expect(history.forgotten(live)).toBe(kept);
    const page = queryJobs([live as any], { limit: 50, offset: 0 }, [kept]);
    expect(page.items.map(j => j.id).sort()).toEqual(['a', 'b', 'c']);
    expect(
      queryJobs([live as any], { limit: 50, offset: 0, state: ['FAILED'] }, [
        kept,
      ]).items.map(j => j.id),
    ).toEqual(['a']);

    const detail = await history.detail('ray', 'local', 'a');
    expect(detail?.job).toMatchObject({
      id: 'a',
      state: 'FAILED',
      fromHistory: true,
    });
    expect(detail?.detail).toMatchObject({
      source: 'history',
      submittedBy: 'user:default/ada',
      entrypoint: 'main.py',
      args: ['--days', '7'],
    });
    const tail = (detail!.detail as any).logTail as string;
    expect(tail).toHaveLength(MAX_LOG_TAIL_CHARS);
    expect(tail.endsWith('Traceback: boom')).toBe(true);
    expect(await history.detail('ray', 'local', 'never-seen')).toBeUndefined();

    // Another replica (or a restarted backend) reads what was kept.
    const other = await JobHistory.create(database, deps);
    expect(other.forgotten(live)?.data.jobs.map(j => j.id)).toEqual(['a', 'b']);
  });

  it('deletes what was not seen within the retention', async () => {
    let now = Date.parse('2026-11-30T00:00:00Z');
    const { history } = await setUp({ now: () => now, retentionMs: 60_000 });
    await history.record('ray', 'local', [
      job('old', 'SUCCEEDED'),
      job('seen', 'RUNNING'),
    ]);
    now += 65_000; // unchanged jobs are marked as seen at most once a minute
    await history.record('ray', 'local', [job('seen', 'RUNNING')]);
    now += 25_000;
    expect(await history.prune()).toBe(1);
    expect(history.forgotten(snapshot([]))?.data.jobs.map(j => j.id)).toEqual([
      'seen',
    ]);
  });

  it('announces a failure (with its log tail) and a recovery once, whichever replica polls', async () => {
    const seen: JobTransition[] = [];
    const onTransition = async (t: JobTransition) => seen.push(t);
    const recent = new Date().toISOString();
    const { history, database, deps } = await setUp({ onTransition });
    // A replica that started before these jobs moved: its mirror stays behind.
    const stale = await JobHistory.create(database, { ...deps, onTransition });
    await history.record('ray', 'local', [
      job('a', 'RUNNING', { startTime: recent }),
      job('old', 'FAILED', { startTime: '2020-01-01T00:00:00.000Z' }),
      job('f', 'RUNNING', { engine: 'flink', rawState: 'RESTARTING' }),
    ]);
    const moved = [
      job('a', 'FAILED', { startTime: recent }),
      job('old', 'FAILED', { startTime: '2020-01-01T00:00:00.000Z' }),
      job('f', 'RUNNING', { engine: 'flink', rawState: 'RUNNING' }),
    ];
    await history.record('ray', 'local', moved);
    await history.settled();
    expect(seen.map(t => [t.kind, t.job.id, t.key.split(':')[0]])).toEqual([
      ['recovered', 'f', 'recovered'],
      ['failed', 'a', 'failed'],
    ]);
    expect(seen[1].tail).toMatch(/Traceback: boom$/);
    // The next poll lands on the other replica, whose mirror still has the old states.
    await stale.record('ray', 'local', moved);
    await stale.settled();
    expect(seen).toHaveLength(2);
  });
});
