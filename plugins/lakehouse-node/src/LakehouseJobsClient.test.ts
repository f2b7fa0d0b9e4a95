import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { LakehouseJobsClient } from './LakehouseJobsClient';

const server = setupServer();
registerMswTestHooks(server);

const BASE = 'http://backend.test/api/lakehouse';
const client = new LakehouseJobsClient({
  discovery: mockServices.discovery.mock({
    getBaseUrl: async () => BASE,
  }),
  auth: mockServices.auth(),
});
const credentials = mockCredentials.user('user:default/jane');
const ref = { engine: 'flink' as const, instance: 'local', jobId: 'abc' };

describe('LakehouseJobsClient', () => {
  it('submits on behalf of the user, engine and instance in the path', async () => {
    server.use(
      http.post(`${BASE}/jobs/ray/local`, async ({ request }) => {
        expect(request.headers.get('authorization')).toBe(
          mockCredentials.service.header({
            onBehalfOf: credentials,
            targetPluginId: 'lakehouse',
          }),
        );
        expect(await request.json()).toEqual({
          name: 'train',
          entrypoint: 'main.py',
          project: { zipBase64: 'UEs=' },
        });
        return HttpResponse.json({ jobId: 'raysubmit_1' }, { status: 201 });
      }),
    );
    await expect(
      client.submit(
        {
          engine: 'ray',
          instance: 'local',
          name: 'train',
          entrypoint: 'main.py',
          project: { zipBase64: 'UEs=' },
        },
        { credentials },
      ),
    ).resolves.toEqual({ jobId: 'raysubmit_1' });
  });

  it('keeps the backend message and error type', async () => {
    server.use(
      http.post(`${BASE}/jobs/flink/local/abc/cancel`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Missing permission lakehouse.job.cancel',
            },
          },
          { status: 403 },
        ),
      ),
    );
    await expect(client.cancel(ref, { credentials })).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'lakehouse POST /jobs/flink/local/abc/cancel failed (HTTP 403): Missing permission lakehouse.job.cancel',
    });
  });

  it('reads a job, and an unknown one as undefined', async () => {
    server.use(
      http.get(`${BASE}/jobs/flink/local/abc`, () =>
        HttpResponse.json({ job: { id: 'abc', state: 'RUNNING' }, detail: {} }),
      ),
      http.get(`${BASE}/jobs/flink/local/gone`, () =>
        HttpResponse.json({ error: { message: 'no job' } }, { status: 404 }),
      ),
    );
    await expect(client.getJob(ref, { credentials })).resolves.toMatchObject({
      job: { state: 'RUNNING' },
    });
    await expect(
      client.getJob({ ...ref, jobId: 'gone' }, { credentials }),
    ).resolves.toBeUndefined();
  });
});
