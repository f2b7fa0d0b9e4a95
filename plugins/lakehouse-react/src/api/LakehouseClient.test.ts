import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  BASE_URL,
  flinkDetail,
  jobsPage,
  sparkApp,
  sparkSummary,
} from '../__testUtils__/fixtures';
import { lakehouseApiPair } from '../testUtils/lakehouseApiPair';

const server = setupServer();
registerMswTestHooks(server);
const [, client] = lakehouseApiPair();

describe('LakehouseClient', () => {
  it('lists engines', async () => {
    server.use(
      http.get(`${BASE_URL}/engines`, () =>
        HttpResponse.json({ items: [sparkSummary] }),
      ),
    );
    await expect(client.getEngines()).resolves.toEqual([sparkSummary]);
  });

  it('sends the jobs query as the backend expects it', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${BASE_URL}/jobs`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json(jobsPage([sparkApp]));
      }),
    );
    await client.getJobs({
      engine: 'spark',
      instance: 'local',
      states: ['RUNNING', 'FAILED'],
      q: ' orders ',
      limit: 25,
      offset: 50,
    });
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      engine: 'spark',
      instance: 'local',
      state: 'RUNNING,FAILED',
      q: 'orders',
      limit: '25',
      offset: '50',
    });
  });

  it('leaves out empty query parameters (the backend refuses unknown or empty ones)', async () => {
    let search: string | undefined;
    server.use(
      http.get(`${BASE_URL}/jobs`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json(jobsPage([]));
      }),
    );
    await client.getJobs({ q: '  ', states: [] });
    expect(search).toBe('');
  });

  it('encodes path segments of a job detail', async () => {
    server.use(
      http.get(`${BASE_URL}/jobs/flink/local/:jobId`, ({ params }) =>
        params.jobId === flinkDetail.job.id
          ? HttpResponse.json(flinkDetail)
          : new HttpResponse(null, { status: 404 }),
      ),
    );
    await expect(
      client.getJob('flink', 'local', flinkDetail.job.id),
    ).resolves.toEqual(flinkDetail);
  });

  it('throws a ResponseError that keeps the status and the backend message', async () => {
    server.use(
      http.get(`${BASE_URL}/jobs/flink/local/nope`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: "flink instance 'local' has no job 'nope'",
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    const error = await client.getJob('flink', 'local', 'nope').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.message).toBe(
      "flink instance 'local' has no job 'nope'",
    );
  });
});
