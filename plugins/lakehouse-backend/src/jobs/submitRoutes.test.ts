import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import JSZip from 'jszip';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { lakehousePlugin } from '../plugin';
import {
  ENGINE_URLS,
  fixtureEngineHandlers,
  passthroughTestBackend,
} from '../__testUtils__/fixtureEngines';

/**
 * The submit and cancel routes with msw playing the engines: what real
 * engines cannot be made to do on demand (refusals, 500s, garbage, silence),
 * plus the permission and audit wiring.
 */
const engineCalls: string[] = [];
const server = setupServer(passthroughTestBackend);
registerMswTestHooks(server);
server.events.on('request:start', ({ request: r }) => {
  if (r.method !== 'GET' && !r.url.includes('127.0.0.1')) {
    engineCalls.push(`${r.method} ${r.url}`);
  }
});

const SPARK_REST = 'http://spark.test:6066';
const auditor = mockServices.auditor.mock();
const auditEvent = { success: jest.fn(), fail: jest.fn() };

async function startBackend(options: {
  result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  staging?: boolean;
  openLineage?: boolean;
}) {
  server.use(...fixtureEngineHandlers());
  auditor.createEvent.mockResolvedValue(auditEvent);
  const { server: app } = await startTestBackend({
    features: [
      lakehousePlugin,
      auditor.factory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://portal.test' },
          lakehouse: {
            pollInWorkerThread: false, // msw answers for the engines on this thread only
            engines: {
              spark: [
                {
                  name: 'local',
                  url: ENGINE_URLS.spark,
                  restUrl: SPARK_REST,
                  masterUrl: 'spark://spark.test:7077',
                  ...(options.openLineage && { openLineage: true }),
                },
              ],
              flink: [
                {
                  name: 'local',
                  url: ENGINE_URLS.flink,
                  submitTimeout: { seconds: 1 },
                  pythonRunnerJar: 'abc_flink-python-2.1.3.jar',
                },
              ],
              ray: [{ name: 'local', url: ENGINE_URLS.ray }],
            },
            ...(options.staging !== false && {
              staging: {
                endpoint: 'http://s3.test:8333',
                bucket: 'warehouse',
                accessKeyId: 'test-key',
                secretAccessKey: 'test-secret',
              },
            }),
          },
        },
      }),
      mockServices.permissions.factory({
        result: options.result ?? AuthorizeResult.ALLOW,
      }),
    ],
  });
  return app;
}

async function zipBase64(
  files: Record<string, string> = { 'main.py': 'print(1)' },
) {
  const zip = new JSZip();
  Object.entries(files).forEach(([p, c]) => zip.file(p, c));
  return (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
}

/** POST a submission with a one-file project; `body` overrides name and entrypoint. */
async function submit(
  app: Awaited<ReturnType<typeof startBackend>>,
  path: string,
  body: Record<string, unknown>,
) {
  return request(app)
    .post(`/api/lakehouse/jobs/${path}`)
    .send({
      entrypoint: 'main.py',
      project: { zipBase64: await zipBase64() },
      ...body,
    });
}

/** The Flink JobManager of the tests, with the flink-python jar uploaded. */
const flinkPythonJar = () =>
  http.get(`${ENGINE_URLS.flink}/jars`, () =>
    HttpResponse.json({
      files: [
        { id: 'abc_flink-python-2.1.3.jar', name: 'flink-python-2.1.3.jar' },
      ],
    }),
  );

/** Flink refusing a run with its usual `errors` (a Java stack trace). */
const flinkRunRefused = (status: number, error: string) =>
  http.post(`${ENGINE_URLS.flink}/jars/:id/run`, () =>
    HttpResponse.json({ errors: [error] }, { status }),
  );

const s3Puts = () =>
  http.put(
    'http://s3.test:8333/warehouse/*',
    () => new HttpResponse(null, { status: 200 }),
  );

beforeEach(() => {
  engineCalls.length = 0;
  jest.clearAllMocks();
});

describe('POST /jobs/:engine/:instance', () => {
  it('refuses without the submit permission, audits the denial and calls no engine', async () => {
    const app = await startBackend({ result: AuthorizeResult.DENY });
    const res = await submit(app, 'ray/local', { name: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Missing permission lakehouse.job.submit',
    );
    expect(engineCalls).toEqual([]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'job-submit',
        meta: expect.objectContaining({ engine: 'ray', name: 'x' }),
      }),
    );
    expect(auditEvent.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({
        message: 'Missing permission lakehouse.job.submit',
      }),
    });
    expect(auditEvent.success).not.toHaveBeenCalled();
  });

  it('audits a submission with who, what and the job id', async () => {
    const app = await startBackend({});
    server.use(
      http.put(`${ENGINE_URLS.ray}/api/packages/gcs/:pkg`, () =>
        HttpResponse.json({}),
      ),
      http.post(`${ENGINE_URLS.ray}/api/jobs/`, async ({ request: r }) => {
        const body = (await r.json()) as Record<string, any>;
        expect(body.entrypoint).toBe('python main.py --epochs=2');
        expect(body.runtime_env.env_vars).toEqual({ LAKEHOUSE_WORKERS: '3' });
        return HttpResponse.json({
          job_id: 'j',
          submission_id: 'raysubmit_abc',
        });
      }),
    );
    const res = await submit(app, 'ray/local', {
      name: 'train',
      args: ['--epochs=2'],
      resources: { workers: 3 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      jobId: 'raysubmit_abc',
      links: [
        {
          url: 'http://portal.test/data-platform/ray?instance=local&job=raysubmit_abc',
        },
        { url: `${ENGINE_URLS.ray}/#/jobs/raysubmit_abc` },
      ],
    });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'job-submit',
        severityLevel: 'medium',
        meta: {
          engine: 'ray',
          instance: 'local',
          name: 'train',
          dryRun: false,
        },
      }),
    );
    expect(auditEvent.success).toHaveBeenCalledWith({
      meta: {
        jobId: 'raysubmit_abc',
        codeLocation: expect.stringMatching(/^gcs:/),
      },
    });
  });

  it('audits a refused submission as failed', async () => {
    const app = await startBackend({});
    const res = await submit(app, 'spark/local', { name: 'Bad Name' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Invalid job submission: name: must be a DNS-1123 label/,
    );
    expect(auditEvent.fail).toHaveBeenCalledTimes(1);
    expect(engineCalls).toEqual([]);
  });

  it('says what to configure when staging is missing, and stages nothing', async () => {
    const app = await startBackend({ staging: false });
    const res = await submit(app, 'flink/local', { name: 'rules' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/configure lakehouse.staging/);
    expect(engineCalls).toEqual([]);
  });

  it('passes on Spark refusing a submission with its message', async () => {
    const app = await startBackend({});
    server.use(
      s3Puts(),
      http.post(`${SPARK_REST}/v1/submissions/create`, () =>
        HttpResponse.json({
          success: false,
          message: 'Driver memory exceeds worker memory',
        }),
      ),
    );
    const res = await submit(app, 'spark/local', { name: 'etl' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      `Spark refused the submission at ${SPARK_REST}/v1/submissions/create: Driver memory exceeds worker memory`,
    );
  });

  /** What the portal asked Spark's REST submission server for, with openLineage on or off. */
  async function sparkSubmission(openLineage: boolean) {
    const app = await startBackend({ openLineage });
    let created: any;
    server.use(
      s3Puts(),
      http.post(
        `${SPARK_REST}/v1/submissions/create`,
        async ({ request: r }) => {
          created = await r.json();
          return HttpResponse.json({
            success: true,
            submissionId: 'driver-20261202-0001',
          });
        },
      ),
    );
    const res = await submit(app, 'spark/local', { name: 'etl' });
    expect(res.status).toBe(201);
    return {
      props: created.sparkProperties,
      env: created.environmentVariables,
      appArgs: created.appArgs,
    };
  }

  it('without openLineage, asks Spark for no OpenLineage listener and hands out no token', async () => {
    const { props, env } = await sparkSubmission(false);
    expect(props['spark.extraListeners']).toBeUndefined();
    expect(Object.keys(env).filter(k => k.startsWith('OPENLINEAGE'))).toEqual(
      [],
    );
  });

  it('with openLineage, asks Spark for the OpenLineage listener reporting to the portal, its token in the driver environment only', async () => {
    const { props, env, appArgs } = await sparkSubmission(true);
    expect(props).toMatchObject({
      'spark.extraListeners':
        'io.openlineage.spark.agent.OpenLineageSparkListener',
      'spark.openlineage.namespace': 'lakehouse',
      'spark.openlineage.parentJobName': 'etl',
      'spark.openlineage.parentRunId': expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
    });
    expect(env).toMatchObject({
      OPENLINEAGE__TRANSPORT__TYPE: 'http',
      OPENLINEAGE__TRANSPORT__URL: expect.stringMatching(
        /\/api\/lakehouse\/lineage\/api\/v1\/lineage$/,
      ),
      OPENLINEAGE__TRANSPORT__AUTH__TYPE: 'api_key',
    });
    const token = env.OPENLINEAGE__TRANSPORT__AUTH__API_KEY;
    expect(token.length).toBeGreaterThan(10);
    // Spark's UI and the master list properties: the token is in none of them.
    expect(JSON.stringify(props)).not.toContain(token);
    expect(JSON.stringify(appArgs)).not.toContain(token);
  });

  it('keeps the innermost cause of a Flink program failure', async () => {
    const app = await startBackend({});
    server.use(
      s3Puts(),
      flinkPythonJar(),
      flinkRunRefused(
        400,
        'org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\n\tat x.y(Z.java:1)\nCaused by: org.apache.flink.client.program.ProgramAbortException: java.lang.RuntimeException: Python process exits with code: 1\n\tat a.b(C.java:2)',
      ),
    );
    const res = await submit(app, 'flink/local', { name: 'rules' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /answered HTTP 400: ProgramAbortException: .*Python process exits with code: 1\. The Python program runs in the JobManager/,
    );
  });

  it("adds the Python program's traceback from the JobManager log, and nothing else of it", async () => {
    const app = await startBackend({});
    const log = readFileSync(
      join(
        __dirname,
        '../engines/flink/__fixtures__/jobmanager-log-python-failure.txt',
      ),
      'utf8',
    );
    // The run is found by its staged folder, which the JobManager logs in the program's PYTHONPATH.
    let staged = '';
    server.use(
      s3Puts(),
      flinkPythonJar(),
      http.post(`${ENGINE_URLS.flink}/jars/:id/run`, async ({ request: r }) => {
        const { programArgsList } = (await r.json()) as {
          programArgsList: string[];
        };
        staged = programArgsList[1].replace(/\/$/, '').split('/').pop()!;
        return HttpResponse.json(
          {
            errors: [
              'org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\nCaused by: java.lang.RuntimeException: Python process exits with code: 1',
            ],
          },
          { status: 500 },
        );
      }),
      http.get(`${ENGINE_URLS.flink}/jobmanager/log`, () =>
        HttpResponse.text(log.replaceAll('files-mk0b2-1e1e1e1e', staged)),
      ),
    );
    const res = await submit(app, 'flink/local', { name: 'rules' });
    expect(res.status).toBe(400);
    const message: string = res.body.error.message;
    expect(message).toMatch(
      /Python process exits with code: 1\. The program's last output \(JobManager log\):\nTraceback \(most recent call last\):\n/,
    );
    expect(message).toMatch(
      /return \{\}\["missing_key"\]\n.*\nKeyError: 'missing_key'\nThe Python program runs in the JobManager/,
    );
    expect(message).not.toMatch(/AWS_SECRET|secret-from|ValueError/);
  });

  it('explains a Flink cluster without the flink-python jar, before staging anything', async () => {
    const app = await startBackend({});
    server.use(
      http.get(`${ENGINE_URLS.flink}/jars`, () =>
        HttpResponse.json({ files: [] }),
      ),
    );
    const res = await submit(app, 'flink/local', { name: 'rules' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /has no flink-python jar uploaded with the id pinned in lakehouse\.engines\.flink\[local\]\.pythonRunnerJar.*lp up/,
    );
    expect(engineCalls).toEqual([]);
  });

  it('answers 503 naming the engine when it does not answer in time', async () => {
    const app = await startBackend({});
    server.use(
      s3Puts(),
      flinkPythonJar(),
      http.post(`${ENGINE_URLS.flink}/jars/:id/run`, async () => {
        await new Promise(r => setTimeout(r, 3_000));
        return HttpResponse.json({ jobid: 'late' });
      }),
    );
    const started = Date.now();
    const res = await submit(app, 'flink/local', { name: 'rules' });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /Flink job submission .* failed: No answer .* within 1000 ms/,
    );
    expect(Date.now() - started).toBeLessThan(2_900);
  });

  it('treats a garbage answer from Ray as a failed submission', async () => {
    const app = await startBackend({});
    server.use(
      http.put(`${ENGINE_URLS.ray}/api/packages/gcs/:pkg`, () =>
        HttpResponse.json({}),
      ),
      http.post(`${ENGINE_URLS.ray}/api/jobs/`, () =>
        HttpResponse.text('<html>oops</html>'),
      ),
    );
    const res = await submit(app, 'ray/local', { name: 'train' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/returned no submission id/);
  });

  it('refuses an unknown instance naming the configured ones', async () => {
    const app = await startBackend({});
    const res = await submit(app, 'ray/prod', { name: 'train' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "Unknown ray instance 'prod'; configured: local (lakehouse.engines.ray in app-config)",
    );
  });
});

describe('POST /jobs/:engine/:instance/:jobId/cancel', () => {
  it('needs the cancel permission', async () => {
    const app = await startBackend({ result: AuthorizeResult.DENY });
    const res = await request(app).post(
      '/api/lakehouse/jobs/flink/local/abc/cancel',
    );
    expect(res.status).toBe(403);
    expect(engineCalls).toEqual([]);
  });

  it('cancels a Flink job and audits it', async () => {
    const app = await startBackend({});
    server.use(
      http.patch(`${ENGINE_URLS.flink}/jobs/:id`, ({ request: r }) =>
        new URL(r.url).searchParams.get('mode') === 'cancel'
          ? new HttpResponse(null, { status: 202 })
          : new HttpResponse(null, { status: 400 }),
      ),
    );
    const res = await request(app).post(
      '/api/lakehouse/jobs/flink/local/abc123/cancel',
    );
    expect(res.status).toBe(202);
    expect(engineCalls).toEqual([
      `PATCH ${ENGINE_URLS.flink}/jobs/abc123?mode=cancel`,
    ]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'job-cancel',
        meta: { engine: 'flink', instance: 'local', jobId: 'abc123' },
      }),
    );
    expect(auditEvent.success).toHaveBeenCalled();
  });
});
