import { mockCredentials } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { BAD_SUBMIT_INPUTS } from '@internal/plugin-lakehouse-common/testUtils';
import type { SubmitJobResult } from '@internal/plugin-lakehouse-common';
import type { LakehouseJobsService } from '@internal/plugin-lakehouse-node';
import JSZip from 'jszip';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSubmitFlinkJobAction,
  createSubmitRayJobAction,
  createSubmitSparkJobAction,
} from './submitJobActions';

const workspaces: string[] = [];
afterAll(() =>
  workspaces.forEach(dir => rmSync(dir, { recursive: true, force: true })),
);

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-action-'));
  workspaces.push(dir);
  mkdirSync(join(dir, 'app/__pycache__'), { recursive: true });
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'app/main.py'), 'print("hi")');
  writeFileSync(join(dir, 'app/__pycache__/main.cpython-311.pyc'), 'x');
  writeFileSync(join(dir, '.git/HEAD'), 'ref');
  writeFileSync(join(dir, 'README.md'), '# app');
  return dir;
}

const result: SubmitJobResult = {
  engine: 'spark',
  instance: 'local',
  name: 'daily-etl',
  jobId: 'driver-1',
  dryRun: false,
  codeLocation: 's3a://warehouse/portal/apps/daily-etl/x/files/',
  plan: ['stage', 'submit'],
  links: [
    {
      title: 'Status in the portal',
      url: 'http://portal/data-platform/spark?instance=local&job=driver-1',
    },
    { title: 'spark UI', url: 'http://spark:8080' },
  ],
};

function fakeJobs() {
  return {
    submit: jest.fn(async (input: { dryRun?: boolean }) =>
      input.dryRun
        ? { ...result, jobId: undefined, dryRun: true, links: [] }
        : result,
    ),
    getJob: jest.fn(),
    cancel: jest.fn(),
    publishProject: jest.fn(),
  } satisfies LakehouseJobsService;
}

/** A checkpoint store shared across runs of a task, as the scaffolder keeps one per task. */
function checkpointStore() {
  const saved = new Map<string, unknown>();
  return async ({
    key,
    fn,
  }: {
    key: string;
    fn: () => unknown;
  }): Promise<any> => {
    if (!saved.has(key)) saved.set(key, await fn());
    return saved.get(key) as any;
  };
}

describe('lakehouse:<engine>:submit', () => {
  it("declares the input the handler parses, from lakehouse-common's submit rules", () => {
    const jobs = {} as LakehouseJobsService;
    const spark = createSubmitSparkJobAction({ jobs }).schema!.input as any;
    expect(spark.required).toEqual(['name']);
    expect(spark.additionalProperties).toBe(false);
    expect(spark.properties.name).toMatchObject({
      maxLength: 63,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
    });
    expect(spark.properties.instance.default).toBe('local');
    expect(spark.properties.resources.properties.executors).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100,
      description: 'Executors, 1-100',
    });
    const ray = createSubmitRayJobAction({ jobs }).schema!.input as any;
    expect(Object.keys(ray.properties.resources.properties)).toEqual([
      'entrypointCpus',
      'workers',
    ]);
    const flink = createSubmitFlinkJobAction({ jobs }).schema!.input as any;
    expect(flink.properties.resources.additionalProperties).toBe(false);
  });

  it('zips the workspace (without VCS data and caches) and submits it as the task initiator', async () => {
    const jobs = fakeJobs();
    const action = createSubmitSparkJobAction({ jobs });
    const ctx = createMockActionContext({
      workspacePath: workspace(),
      input: {
        name: 'daily-etl',
        entrypoint: 'app/main.py',
        args: ['--run-date=2026-11-26'],
        resources: { executors: 2 },
        requirements: ['pandas==2.2.3'],
        env: { RUN_MODE: 'daily' },
        secrets: ['warehouse-s3'],
      },
    });
    await action.handler(ctx as any);
    expect(jobs.submit).toHaveBeenCalledTimes(1);
    const [input, options] = jobs.submit.mock.calls[0] as any[];
    expect(options.credentials).toEqual(await ctx.getInitiatorCredentials());
    expect(input).toMatchObject({
      engine: 'spark',
      instance: 'local',
      name: 'daily-etl',
      entrypoint: 'app/main.py',
      args: ['--run-date=2026-11-26'],
      resources: { executors: 2 },
      requirements: ['pandas==2.2.3'],
      env: { RUN_MODE: 'daily' },
      secrets: ['warehouse-s3'],
    });
    const zip = await JSZip.loadAsync(
      Buffer.from(input.project.zipBase64, 'base64'),
    );
    expect(
      Object.keys(zip.files)
        .filter(f => !zip.files[f].dir)
        .sort(),
    ).toEqual(['README.md', 'app/main.py']);
    expect(ctx.output).toHaveBeenCalledWith('jobId', 'driver-1');
    expect(ctx.output).toHaveBeenCalledWith('statusUrl', result.links[0].url);
    expect(ctx.output).toHaveBeenCalledWith('engineUrl', 'http://spark:8080');
  });

  it('submits once per task: a retried task reuses the checkpointed submission', async () => {
    const jobs = fakeJobs();
    const action = createSubmitRayJobAction({ jobs });
    const checkpoint = checkpointStore();
    const dir = workspace();
    for (let attempt = 0; attempt < 2; attempt++) {
      const ctx = {
        ...createMockActionContext({
          workspacePath: dir,
          input: { name: 'train', entrypoint: 'app/main.py' },
        }),
        checkpoint,
      };
      await action.handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith('jobId', 'driver-1');
    }
    expect(jobs.submit).toHaveBeenCalledTimes(1);
  });

  it('on a dry run asks the backend to validate only, and says what it would do', async () => {
    const jobs = fakeJobs();
    const action = createSubmitFlinkJobAction({ jobs });
    const ctx = {
      ...createMockActionContext({
        workspacePath: workspace(),
        input: { name: 'rules', entrypoint: 'app/main.py' },
      }),
      isDryRun: true,
    };
    await action.handler(ctx as any);
    expect(jobs.submit).toHaveBeenCalledWith(
      expect.objectContaining({ engine: 'flink', dryRun: true }),
      expect.anything(),
    );
    expect(ctx.output).toHaveBeenCalledWith('jobId', 'dry-run');
  });

  const actionCases = BAD_SUBMIT_INPUTS.filter(
    ([, input]) =>
      input.engine !== undefined &&
      ['spark', 'flink', 'ray'].includes(String(input.engine)),
  ).filter(([label]) => !['unknown top-level field'].includes(label));

  it.each(actionCases)(
    'rejects %s before anything is sent',
    async (_, input, message) => {
      const jobs = fakeJobs();
      const create = {
        spark: createSubmitSparkJobAction,
        flink: createSubmitFlinkJobAction,
        ray: createSubmitRayJobAction,
      }[String(input.engine) as 'spark'];
      const { engine: _engine, ...actionInput } = input;
      const ctx = createMockActionContext({
        workspacePath: workspace(),
        input: actionInput as any,
      });
      await expect(create({ jobs }).handler(ctx as any)).rejects.toThrow(
        message,
      );
      expect(jobs.submit).not.toHaveBeenCalled();
    },
  );

  it('refuses a projectPath outside the workspace', async () => {
    const jobs = fakeJobs();
    const ctx = createMockActionContext({
      workspacePath: workspace(),
      input: { name: 'x', projectPath: '../../etc' },
    });
    await expect(
      createSubmitRayJobAction({ jobs }).handler(ctx as any),
    ).rejects.toThrow(/outside/);
    expect(jobs.submit).not.toHaveBeenCalled();
  });

  it('passes on the backend refusal unchanged', async () => {
    const jobs = fakeJobs();
    jobs.submit.mockRejectedValue(
      new Error('Missing permission lakehouse.job.submit'),
    );
    const ctx = createMockActionContext({
      workspacePath: workspace(),
      input: { name: 'x', entrypoint: 'app/main.py' },
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/mallory'),
    } as any);
    await expect(
      createSubmitRayJobAction({ jobs }).handler(ctx as any),
    ).rejects.toThrow('Missing permission lakehouse.job.submit');
  });
});
