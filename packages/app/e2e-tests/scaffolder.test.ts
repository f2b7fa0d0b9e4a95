import { test, expect, type APIRequestContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { guestToken, repoRoot, screenshot, signInAsGuest } from './portal';

/**
 * The three templates run through the real scaffolder backend on the local
 * platform: each generated app reaches success on its engine, the component
 * lands in the catalog, the status API shows its job, and the generated
 * project's own tests pass. Then the same in Chromium for the Ray template.
 */
const LP = path.join(repoRoot, 'local-platform/lp');
const run = Date.now().toString(36);
const owner = 'group:default/data-platform';

const TEMPLATES = {
  spark: {
    template: 'spark-etl-app',
    values: {
      source: 's3a://warehouse/data/users.csv',
      target: `e2e.users_${run}`,
      writeMode: 'overwrite',
      executors: 1,
      executorCores: 1,
      executorMemory: '512m',
      driverMemory: '512m',
    },
  },
  flink: {
    template: 'flink-streaming-app',
    values: {
      events: 's3://warehouse/data/clickstream/individual/',
      target: `e2e.alerts_${run}`,
      windowSeconds: 10,
      threshold: 5,
      bounded: true,
      catalogUri: 'http://127.0.0.1:19120/iceberg/',
      parallelism: 1,
    },
  },
  ray: {
    template: 'ray-batch-app',
    values: {
      input: 's3://warehouse/data/clickstream.json',
      output: `s3://warehouse/features/e2e-${run}.jsonl`,
      s3Endpoint: 'http://127.0.0.1:8333',
      workers: 2,
      entrypointCpus: 0,
    },
  },
} as const;

type Engine = keyof typeof TEMPLATES;

async function api(request: APIRequestContext) {
  const headers = { authorization: `Bearer ${await guestToken(request)}` };
  return {
    headers,
    get: async (url: string) => {
      const res = await request.get(url, { headers });
      expect(res.ok(), `${url}: ${res.status()}`).toBe(true);
      return res.json();
    },
  };
}

async function createTask(
  request: APIRequestContext,
  headers: Record<string, string>,
  engine: Engine,
  name: string,
) {
  const { template, values } = TEMPLATES[engine];
  // Right after the backend starts, the catalog may not have read the templates yet.
  await expect
    .poll(
      async () =>
        (
          await request.get(
            `/api/catalog/entities/by-name/template/default/${template}`,
            { headers },
          )
        ).status(),
      {
        timeout: 120_000,
      },
    )
    .toBe(200);
  const res = await request.post('/api/scaffolder/v2/tasks', {
    headers,
    data: {
      templateRef: `template:default/${template}`,
      values: {
        name,
        owner,
        description: `e2e ${engine}`,
        instance: 'local',
        submit: true,
        ...values,
      },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id as string;
}

test.beforeAll(() => {
  // Deterministic demo data in the object store (users.csv, clickstream) for the generated apps.
  execFileSync(LP, ['datagen'], { stdio: 'pipe', timeout: 120_000 });
});

test('each template creates an app that succeeds on its engine, in the catalog and the status API', async ({
  request,
}) => {
  test.setTimeout(600_000);
  const { headers, get } = await api(request);
  const names = Object.fromEntries(
    (Object.keys(TEMPLATES) as Engine[]).map(e => [e, `e2e-${e}-${run}`]),
  ) as Record<Engine, string>;
  const tasks: Record<string, string> = {};
  for (const engine of Object.keys(TEMPLATES) as Engine[]) {
    tasks[engine] = await createTask(request, headers, engine, names[engine]);
  }

  for (const engine of Object.keys(TEMPLATES) as Engine[]) {
    const id = tasks[engine];
    await expect
      .poll(async () => (await get(`/api/scaffolder/v2/tasks/${id}`)).status, {
        timeout: 420_000,
        intervals: [2_000],
        message: `${engine} task ${id}`,
      })
      .toMatch(/completed|failed/);
    const events = await get(`/api/scaffolder/v2/tasks/${id}/events`);
    const log = events
      .map((e: any) => e.body.message)
      .filter(Boolean)
      .join('\n');
    const completion = events.find((e: any) => e.type === 'completion');
    expect((await get(`/api/scaffolder/v2/tasks/${id}`)).status, log).toBe(
      'completed',
    );
    expect(log).toMatch(new RegExp(`${engine} job \\S+: SUCCEEDED`));

    const links = completion.body.output.links as {
      title: string;
      url?: string;
      entityRef?: string;
    }[];
    const status = links.find(l => l.title === 'Job status')!.url!;
    const jobId = new URL(status).searchParams.get('job')!;
    expect(status).toContain(`/data-platform/${engine}?instance=local&job=`);
    expect(links.find(l => l.entityRef)?.entityRef).toBe(
      `component:default/${names[engine]}`,
    );

    // The status API knows the job, by the id the task printed.
    const job = await get(`/api/lakehouse/jobs/${engine}/local/${jobId}`);
    expect(job.job).toMatchObject({ id: jobId, state: 'SUCCEEDED' });

    // The new component is in the catalog, with the annotations the status card follows.
    await expect
      .poll(
        async () =>
          (
            await request.get(
              `/api/catalog/entities/by-name/component/default/${names[engine]}`,
              { headers },
            )
          ).status(),
        {
          timeout: 60_000,
        },
      )
      .toBe(200);
    const entity = await get(
      `/api/catalog/entities/by-name/component/default/${names[engine]}`,
    );
    expect(entity.spec).toMatchObject({
      type: `${engine}-job`,
      owner,
      system: 'lakehouse-platform',
    });
    expect(entity.metadata.annotations).toMatchObject({
      'lakehouse.io/engine': engine,
      'lakehouse.io/job-name': names[engine],
    });

    // The project can be downloaded, and its own tests pass.
    const download = links.find(l => l.title === 'Download the project')!.url!;
    const zip = await request.get(download);
    expect(zip.ok()).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${engine}-`));
    fs.writeFileSync(path.join(dir, 'project.zip'), await zip.body());
    execFileSync('python3', ['-m', 'zipfile', '-e', 'project.zip', 'project'], {
      cwd: dir,
    });
    const unit = execFileSync(
      'python3',
      ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.', '-v'],
      {
        cwd: path.join(dir, 'project'),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(unit).toBe('');
  }
});

test('a template refuses bad input with a clear message and submits nothing', async ({
  request,
}) => {
  const { headers, get } = await api(request);
  const rayJobs = async () =>
    (await (await request.get('http://127.0.0.1:8265/api/jobs/')).json())
      .length;
  const before = await rayJobs();

  // The form's own rules: the scaffolder refuses the task before any step runs.
  const bad = await request.post('/api/scaffolder/v2/tasks', {
    headers,
    data: {
      templateRef: 'template:default/ray-batch-app',
      values: { name: 'Bad Name; rm -rf /', owner, ...TEMPLATES.ray.values },
    },
  });
  expect(bad.status()).toBe(400);
  expect(JSON.stringify(await bad.json())).toMatch(
    /instance\.name does not match pattern/,
  );

  // What only the backend knows (the configured instances): the submit step fails, saying what to fix.
  const res = await request.post('/api/scaffolder/v2/tasks', {
    headers,
    data: {
      templateRef: 'template:default/ray-batch-app',
      values: {
        name: `e2e-bad-${run}`,
        owner,
        ...TEMPLATES.ray.values,
        instance: 'nope',
        submit: true,
      },
    },
  });
  expect(res.status()).toBe(201);
  const { id } = await res.json();
  await expect
    .poll(async () => (await get(`/api/scaffolder/v2/tasks/${id}`)).status, {
      timeout: 120_000,
    })
    .toBe('failed');
  const events = await get(`/api/scaffolder/v2/tasks/${id}/events`);
  const log = events
    .map((e: any) => e.body.message)
    .filter(Boolean)
    .join('\n');
  expect(log).toContain(
    "Unknown ray instance 'nope'; configured: local (lakehouse.engines.ray in app-config)",
  );
  expect(await rayJobs()).toBe(before);
});

test('in the browser: fill the Ray template, create, watch the task succeed, open the job status', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const name = `e2e-ui-${run}`;
  await signInAsGuest(page);
  await page.goto('/create');
  // The innermost element holding both the title and a Choose button is the template's card.
  const card = page
    .locator('div')
    .filter({ has: page.getByText('Ray batch app', { exact: false }) })
    .filter({ has: page.getByTestId('template-card-actions--create') })
    .last();
  await card.getByTestId('template-card-actions--create').click();

  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  const ownerField = page.getByRole('textbox', { name: 'Owner' });
  await ownerField.click();
  await ownerField.fill('Data Platform');
  await page
    .getByRole('option', { name: /^Data Platform/ })
    .first()
    .click();
  await screenshot(page, 'scaffolder-ray-form');
  for (let step = 0; step < 3; step++) {
    await page.getByRole('button', { name: 'Next' }).click();
  }
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(name).first()).toBeVisible(); // the review page
  await page.getByRole('button', { name: 'Create' }).click();

  await expect(page.getByText('Wait for the job to finish')).toBeVisible({
    timeout: 60_000,
  });
  const statusLink = page.getByRole('link', { name: 'Job status' });
  await expect(statusLink).toBeVisible({ timeout: 240_000 });
  await screenshot(page, 'scaffolder-ray-task');
  // Task links open in a new tab.
  const [status] = await Promise.all([
    page.context().waitForEvent('page'),
    statusLink.click(),
  ]);
  await expect(status).toHaveURL(
    /\/data-platform\/ray\?instance=local&job=raysubmit_/,
  );
  await expect(
    status.getByRole('region', { name: 'Job details' }).getByText(name).first(),
  ).toBeVisible({ timeout: 30_000 });
  await screenshot(status, 'scaffolder-ray-status');
});
