import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { EngineInstance } from '../../config';
import jobFailed from './__fixtures__/job-failed.json';
import jobRunning from './__fixtures__/job-running.json';
import jobsRunning from './__fixtures__/jobs-overview-running.json';
import overview from './__fixtures__/overview.json';
import taskManagers from './__fixtures__/taskmanagers.json';
import { FlinkRestClient } from './FlinkRestClient';

const FLINK = 'http://flink.test:8081';
const server = setupServer();
registerMswTestHooks(server);

const instance: EngineInstance = {
  engine: 'flink',
  name: 'local',
  url: FLINK,
  timeoutMs: 1_000,
  refreshIntervalMs: 10_000,
  submitTimeoutMs: 10_000,
};

// The recorded overview (fixture-stream RUNNING, two FINISHED jobs) with the batch job fixture-fail
// listed while it still ran.
const STREAM = jobRunning.jid;
const BATCH = jobFailed.jid;
const jobs = {
  jobs: [
    ...jobsRunning.jobs,
    { ...jobsRunning.jobs[0], jid: BATCH, name: jobFailed.name },
  ],
};

/** A Flink whose `/jobs/:jid` answers with the fixtures, or as `answer` says; the ids asked for are in `reads`. */
function flink(answer?: (jid: string) => Response | undefined) {
  const reads: string[] = [];
  server.use(
    http.get(`${FLINK}/overview`, () => HttpResponse.json(overview)),
    http.get(`${FLINK}/taskmanagers`, () => HttpResponse.json(taskManagers)),
    http.get(`${FLINK}/jobs/overview`, () => HttpResponse.json(jobs)),
    http.get(`${FLINK}/jobs/:jid`, ({ params }) => {
      const jid = String(params.jid);
      reads.push(jid);
      const given = answer?.(jid);
      if (given) return given;
      if (jid === STREAM) return HttpResponse.json(jobRunning);
      if (jid === BATCH) return HttpResponse.json(jobFailed);
      return HttpResponse.json({ errors: ['not found'] }, { status: 404 });
    }),
  );
  return reads;
}

const streamingOf = (data: { jobs: { id: string; streaming?: boolean }[] }) =>
  Object.fromEntries(data.jobs.map(j => [j.id, j.streaming]));

describe('FlinkRestClient snapshot: job types', () => {
  it("says from each running job's job-type whether it streams; ended jobs are not read", async () => {
    const reads = flink();
    const data = await new FlinkRestClient(instance).fetchSnapshot();
    expect(streamingOf(data)).toStrictEqual({
      [STREAM]: true,
      [BATCH]: false,
      '872dc757a45c211ae12698443ee48964': undefined,
      ff0325818f74d2ac914563c5adb26abe: undefined,
    });
    expect(reads.sort()).toEqual([BATCH, STREAM].sort());
  });

  it('reads each job once across polls', async () => {
    const reads = flink();
    const client = new FlinkRestClient(instance);
    await client.fetchSnapshot();
    const second = await client.fetchSnapshot();
    expect(streamingOf(second)[BATCH]).toBe(false);
    expect(reads.sort()).toEqual([BATCH, STREAM].sort());
  });

  it('leaves the type out while its read fails, never failing the snapshot, and reads it again next poll', async () => {
    let failing = true;
    const reads = flink(jid => {
      if (!failing) return undefined;
      if (jid === STREAM)
        return HttpResponse.json({ errors: ['boom'] }, { status: 500 });
      return HttpResponse.error();
    });
    const client = new FlinkRestClient(instance);
    const first = await client.fetchSnapshot();
    expect(first.jobs).toHaveLength(4);
    for (const job of first.jobs) expect(job).not.toHaveProperty('streaming');

    failing = false;
    const second = await client.fetchSnapshot();
    expect(streamingOf(second)[STREAM]).toBe(true);
    expect(streamingOf(second)[BATCH]).toBe(false);
    expect(reads.filter(id => id === STREAM)).toHaveLength(2);
  });
});
