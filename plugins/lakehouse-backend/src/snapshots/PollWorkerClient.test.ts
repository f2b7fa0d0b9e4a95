import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EngineInstance } from '../config';
import { createEngineClient } from '../engines/createEngineClient';
import { EngineFetchError } from '../engines/http';
import rayClusterStatus from '../engines/ray/__fixtures__/cluster-status.json';
import rayJobFailed from '../engines/ray/__fixtures__/job-failed.json';
import rayJobFailedLogs from '../engines/ray/__fixtures__/job-failed-logs.json';
import rayJobs from '../engines/ray/__fixtures__/jobs-completed.json';
import rayNodes from '../engines/ray/__fixtures__/nodes.json';
import { mockServices } from '@backstage/backend-test-utils';
import { PollWorkerClient } from './PollWorkerClient';
import { SnapshotStore } from './SnapshotStore';

/** A Ray dashboard on 127.0.0.1 answering with recorded responses, or with a fault per path prefix. */
let server: http.Server;
let base: string;
const recorded: Record<string, unknown> = {
  '/api/v0/nodes?limit=100&detail=false': rayNodes,
  '/api/cluster_status': rayClusterStatus,
  '/api/jobs/': rayJobs,
  [`/api/jobs/${rayJobFailed.submission_id}`]: rayJobFailed,
  [`/api/jobs/${rayJobFailed.submission_id}/logs`]: rayJobFailedLogs,
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const [, mode, ...rest] = (req.url ?? '').split('/');
    const path = `/${rest.join('/')}`;
    if (mode === 'hang') return; // never answers
    if (mode === 'broken') {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    if (mode === 'garbage' && path === '/api/jobs/') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"jobs": [');
      return;
    }
    const body = recorded[path];
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(body));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise(r => server.close(r)));

const ray = (mode: string, timeoutMs = 2_000): EngineInstance => ({
  engine: 'ray',
  name: mode,
  url: `${base}/${mode}`,
  timeoutMs,
  refreshIntervalMs: 10_000,
  submitTimeoutMs: 10_000,
});

describe('PollWorkerClient', () => {
  const workers: PollWorkerClient[] = [];
  const newWorker = () => {
    const worker = new PollWorkerClient();
    workers.push(worker);
    return worker;
  };
  afterAll(() => Promise.all(workers.map(w => w.close())));

  it('answers what the engine client answers on the main thread', async () => {
    const json = await newWorker().poll(ray('ok'));
    const here = await createEngineClient(ray('ok')).fetchSnapshot();
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(here)));
    expect(here.jobs.length).toBeGreaterThan(0);
  }, 60_000);

  it('rejects with the engine error of each fault, and keeps serving', async () => {
    const worker = newWorker();
    const outcome = (mode: string, timeoutMs?: number) =>
      worker.poll(ray(mode, timeoutMs)).then(
        () => 'answered',
        (e: Error) => (e instanceof EngineFetchError ? e.engineError : e),
      );
    const [broken, garbage, slow, ok] = await Promise.all([
      outcome('broken'),
      outcome('garbage'),
      outcome('hang', 300),
      outcome('ok'),
    ]);
    expect(broken).toMatchObject({ kind: 'http', status: 500 });
    expect(garbage).toMatchObject({ kind: 'malformed' });
    expect(slow).toMatchObject({ kind: 'timeout' });
    expect(ok).toBe('answered');
  }, 60_000);

  it('stops a poll when its signal aborts', async () => {
    const controller = new AbortController();
    const poll = newWorker().poll(ray('hang', 30_000), controller.signal);
    setTimeout(() => controller.abort(), 200);
    await expect(poll).rejects.toMatchObject({
      engineError: {
        kind: 'timeout',
        message: expect.stringContaining('cancelled'),
      },
    });
  }, 60_000);

  it('starts a new thread after the previous one ended', async () => {
    const worker = newWorker();
    await worker.poll(ray('ok'));
    await worker.close();
    expect(JSON.parse(await worker.poll(ray('ok'))).jobs).toHaveLength(
      rayJobs.length,
    );
  }, 60_000);

  it('reads job details as the main-thread client does; an unknown job is undefined', async () => {
    const worker = newWorker();
    const id = rayJobFailed.submission_id;
    const detail = await worker.jobDetail(ray('ok'), id);
    const here = await createEngineClient(ray('ok')).fetchJobDetail(id);
    expect(detail).toEqual(JSON.parse(JSON.stringify(here)));
    expect(detail?.job.state).toBe('FAILED');
    expect(detail?.detail).toMatchObject({
      engine: 'ray',
      logs: expect.any(String),
    });
    await expect(
      worker.jobDetail(ray('ok'), 'raysubmit_unknown'),
    ).resolves.toBeUndefined();
    await expect(worker.jobDetail(ray('broken'), id)).rejects.toMatchObject({
      engineError: { kind: 'http', status: 500 },
    });
  }, 60_000);

  it('feeds the snapshot store', async () => {
    const instance = ray('ok');
    const worker = newWorker();
    const store = await SnapshotStore.create({
      instances: [instance],
      createSource: i => worker.sourceFor(i),
      scheduler: mockServices.scheduler.mock(),
      cache: mockServices.cache.mock({
        get: async () => undefined,
        set: async () => undefined,
      }),
      logger: mockServices.logger.mock(),
    });
    await store.refresh('ray', 'ok');
    const first = await store.get('ray', 'ok');
    expect(first?.data?.jobs).toHaveLength(rayJobs.length);
    expect(first?.error).toBeUndefined();
  }, 60_000);
});
