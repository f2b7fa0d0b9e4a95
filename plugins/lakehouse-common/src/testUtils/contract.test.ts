import { expectLakehouseContract } from './contract';

const job = {
  id: 'app-1',
  name: 'etl',
  engine: 'spark',
  instance: 'local',
  kind: 'application',
  state: 'RUNNING',
  rawState: 'RUNNING',
  startTime: '2026-11-30T08:00:00.000Z',
  links: [],
};
const page = { items: [job], total: 1, limit: 50, offset: 0, errors: [] };
const get = (path: string, body: unknown, status = 200) => ({
  status,
  body,
  req: { method: 'GET', path },
});

describe('expectLakehouseContract', () => {
  it('accepts an answer that matches its route', () => {
    expect(
      expectLakehouseContract(get('/api/lakehouse/jobs?engine=spark', page)),
    ).toBe(page);
  });

  it('names the field that drifted', () => {
    const renamed = { ...page, items: [{ ...job, startedAt: job.startTime }] };
    expect(() =>
      expectLakehouseContract(get('/api/lakehouse/jobs', renamed)),
    ).toThrow(/items\.0: Unrecognized key: "startedAt"/);
    const retyped = { ...page, items: [{ ...job, state: 'running' }] };
    expect(() =>
      expectLakehouseContract(get('/api/lakehouse/jobs', retyped)),
    ).toThrow(/items\.0\.state/);
  });

  it('checks a job detail against its engine and source', () => {
    const detail = {
      job,
      detail: { source: 'rest', engine: 'flink', vertices: [] },
    };
    expect(() =>
      expectLakehouseContract(
        get('/api/lakehouse/jobs/spark/local/app-1', detail),
      ),
    ).toThrow(/answered outside its contract/);
  });

  it('refuses a path that is not a route, and leaves error answers alone', () => {
    expect(() =>
      expectLakehouseContract(get('/api/lakehouse/nope', {})),
    ).toThrow(/not a route of the lakehouse contract/);
    const error = { error: { name: 'NotFoundError', message: 'no job' } };
    expect(
      expectLakehouseContract(
        get('/api/lakehouse/jobs/spark/local/x', error, 404),
      ),
    ).toBe(error);
  });
});
