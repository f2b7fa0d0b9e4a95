import type {
  EngineSnapshot,
  JobState,
  JobSummary,
} from '@internal/plugin-lakehouse-common';
import { jobsQueryParamsSchema as jobsQuerySchema } from '@internal/plugin-lakehouse-common';
import { jobCounts } from './jobIndex';
import { queryJobs } from './queryJobs';

const job = (
  id: string,
  name: string,
  state: JobState,
  startTime?: string,
  durationMs?: number,
): JobSummary => ({
  id,
  name,
  engine: 'ray',
  instance: id.startsWith('a') ? 'a' : 'b',
  kind: 'job',
  state,
  rawState: state,
  links: [],
  ...(startTime && { startTime }),
  ...(durationMs !== undefined && { durationMs }),
});

const a = [
  job('a1', 'ETL nightly', 'SUCCEEDED', '2026-11-26T10:00:00Z', 5_000),
  job('a2', 'train', 'RUNNING', '2026-11-26T12:00:00Z'),
  job('a3', 'Backfill', 'FAILED', undefined, 100),
];
const b = [
  job('b1', 'etl hourly', 'RUNNING', '2026-11-26T11:00:00Z', 9_000),
  job('b2', 'score', 'SUCCEEDED', '2026-11-26T12:00:00Z', 1),
];
const snapshots: EngineSnapshot[] = [
  { engine: 'ray', instance: 'a', data: { cluster: {} as any, jobs: a } },
  { engine: 'ray', instance: 'b', data: { cluster: {} as any, jobs: b } },
];
const ids = (query: Record<string, string>) =>
  queryJobs(snapshots, jobsQuerySchema.parse(query)).items.map(j => j.id);

describe('queryJobs', () => {
  it('orders newest first by default across instances, ties by id, unknown times last', () => {
    expect(ids({})).toEqual(['a2', 'b2', 'b1', 'a1', 'a3']);
  });

  it('puts a pending job without a start time (still queued) first, as the newest', () => {
    const queued = job('b3', 'queued', 'PENDING');
    const page = queryJobs(
      [
        snapshots[0],
        { ...snapshots[1], data: { cluster: {} as any, jobs: [...b, queued] } },
      ],
      jobsQuerySchema.parse({}),
    );
    expect(page.items.map(j => j.id)).toEqual([
      'b3',
      'a2',
      'b2',
      'b1',
      'a1',
      'a3',
    ]);
  });

  it('sorts server-side by any column, both ways', () => {
    expect(ids({ sort: 'name' })).toEqual(['a3', 'b1', 'a1', 'b2', 'a2']);
    expect(ids({ sort: 'name', order: 'desc' })).toEqual([
      'a2',
      'b2',
      'a1',
      'b1',
      'a3',
    ]);
    expect(ids({ sort: 'durationMs', order: 'desc' })).toEqual([
      'b1',
      'a1',
      'a3',
      'b2',
      'a2',
    ]);
    expect(ids({ sort: 'state' })).toEqual(['a3', 'a2', 'b1', 'a1', 'b2']);
    expect(ids({ sort: 'startTime', order: 'asc' })).toEqual([
      'a3',
      'a1',
      'b1',
      'a2',
      'b2',
    ]);
  });

  it('filters by state and searches name and id case-insensitively, then pages', () => {
    expect(ids({ q: 'ETL' })).toEqual(['b1', 'a1']);
    expect(ids({ q: 'B2' })).toEqual(['b2']);
    expect(ids({ state: 'RUNNING,FAILED', sort: 'name' })).toEqual([
      'a3',
      'b1',
      'a2',
    ]);
    const page = queryJobs(
      snapshots,
      jobsQuerySchema.parse({ limit: '2', offset: '2' }),
    );
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(page.items.map(j => j.id)).toEqual(['b1', 'a1']);
  });

  it('leaves the polled lists as they were and counts states once per poll', () => {
    ids({ sort: 'name' });
    expect(a.map(j => j.id)).toEqual(['a1', 'a2', 'a3']);
    const counts = jobCounts(snapshots[0].data!);
    expect(counts).toMatchObject({ SUCCEEDED: 1, RUNNING: 1, FAILED: 1 });
    expect(jobCounts(snapshots[0].data!)).toBe(counts);
  });

  it('refuses an unknown sort column or order', () => {
    expect(() => jobsQuerySchema.parse({ sort: 'rawState' })).toThrow();
    expect(() => jobsQuerySchema.parse({ order: 'up' })).toThrow();
  });
});
