import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type {
  JobDetailResponse,
  JobState,
} from '@internal/plugin-lakehouse-common';
import type { LakehouseJobsService } from '@internal/plugin-lakehouse-node';
import { createWaitForJobAction } from './waitForJob';

/** A fake clock: each sleep advances Date.now, so timeouts are exercised without waiting. */
function clock() {
  let now = 1_000_000;
  jest.spyOn(Date, 'now').mockImplementation(() => now);
  return async (ms: number) => {
    now += ms;
  };
}

function jobsReturning(states: (JobState | undefined)[]) {
  let i = 0;
  return {
    submit: jest.fn(),
    cancel: jest.fn(),
    publishProject: jest.fn(),
    getJob: jest.fn(async (): Promise<JobDetailResponse | undefined> => {
      const state = states[Math.min(i++, states.length - 1)];
      return state
        ? {
            job: {
              id: 'j1',
              name: 'train',
              engine: 'ray',
              instance: 'local',
              kind: 'job',
              state,
              rawState: state.toLowerCase(),
              links: [{ title: 'UI', url: 'http://ray/#/jobs/j1' }],
            },
            detail: {
              source: 'rest',
              engine: 'ray',
              entrypoint: 'python main.py',
              message: null,
              errorType: null,
              driverExitCode: null,
              logs: null,
              logsTruncated: false,
              logsError: null,
            },
          }
        : undefined;
    }),
  } satisfies LakehouseJobsService;
}

const input = { engine: 'ray' as const, instance: 'local', jobId: 'j1' };

afterEach(() => jest.restoreAllMocks());

describe('lakehouse:job:wait', () => {
  it('logs each state change and stops when the job succeeds', async () => {
    const jobs = jobsReturning([
      undefined,
      'PENDING',
      'RUNNING',
      'RUNNING',
      'SUCCEEDED',
    ]);
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({ input: { ...input, pollSeconds: 2 } }),
      logger,
    };
    await createWaitForJobAction({ jobs, sleep: clock() }).handler(ctx as any);
    const lines = logger.info.mock.calls.map(c => c[0]);
    expect(lines).toEqual([
      'ray job j1: PENDING (pending) after 2s',
      'ray job j1: RUNNING (running) after 4s',
      'ray job j1: SUCCEEDED (succeeded) after 8s',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('state', 'SUCCEEDED');
    expect(ctx.output).toHaveBeenCalledWith('waitedSeconds', 8);
  });

  it('with until: running, stops at RUNNING (a streaming job never finishes)', async () => {
    const jobs = jobsReturning(['PENDING', 'RUNNING']);
    const ctx = createMockActionContext({
      input: { ...input, until: 'running' },
    });
    await createWaitForJobAction({ jobs, sleep: clock() }).handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('state', 'RUNNING');
    expect(jobs.getJob).toHaveBeenCalledTimes(2);
  });

  it('fails with the engine state and where to look when the job fails', async () => {
    const jobs = jobsReturning(['RUNNING', 'FAILED']);
    const ctx = createMockActionContext({ input });
    await expect(
      createWaitForJobAction({ jobs, sleep: clock() }).handler(ctx as any),
    ).rejects.toThrow(
      'ray job j1 ended FAILED (failed); see its logs on the status page: http://ray/#/jobs/j1',
    );
  });

  it('times out with the last state, leaving the job alone', async () => {
    const jobs = jobsReturning(['RUNNING']);
    const ctx = createMockActionContext({
      input: { ...input, timeoutSeconds: 30, pollSeconds: 5 },
    });
    await expect(
      createWaitForJobAction({ jobs, sleep: clock() }).handler(ctx as any),
    ).rejects.toThrow(
      /Timed out after 30s .* last state RUNNING\. The job keeps running/,
    );
    expect(jobs.cancel).not.toHaveBeenCalled();
  });

  it('gives up on a job the engine never shows', async () => {
    const jobs = jobsReturning([undefined]);
    const ctx = createMockActionContext({
      input: { ...input, timeoutSeconds: 600, pollSeconds: 10 },
    });
    await expect(
      createWaitForJobAction({ jobs, sleep: clock() }).handler(ctx as any),
    ).rejects.toThrow(
      /does not know job 'j1' after 70s: was it submitted to this instance\?/,
    );
  });

  it('calls nothing on a dry run', async () => {
    const jobs = jobsReturning(['RUNNING']);
    const ctx = { ...createMockActionContext({ input }), isDryRun: true };
    await createWaitForJobAction({ jobs }).handler(ctx as any);
    expect(jobs.getJob).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('state', 'DRY_RUN');
  });
});
