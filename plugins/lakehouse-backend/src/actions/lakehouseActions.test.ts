import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import JSZip from 'jszip';
import { setupServer } from 'msw/node';
import { lakehousePlugin } from '../plugin';
import {
  fixtureEngineHandlers,
  fixtureEnginesConfig,
  FLINK_FAILED_JOB_ID,
  passthroughTestBackend,
} from '../__testUtils__/fixtureEngines';

/** The lakehouse's actions as the actions registry (and through it the MCP backend) invokes them. */
const server = setupServer(passthroughTestBackend);
registerMswTestHooks(server);
const auditor = mockServices.auditor.mock();
const auditEvent = { success: jest.fn(), fail: jest.fn() };
const user = mockCredentials.user('user:default/ada');

async function startWithActions(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  server.use(...fixtureEngineHandlers());
  auditor.createEvent.mockResolvedValue(auditEvent);
  const registry = actionsRegistryServiceMock();
  await startTestBackend({
    features: [
      lakehousePlugin,
      auditor.factory,
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => registry,
      }),
      mockServices.rootConfig.factory({
        data: {
          lakehouse: {
            pollInWorkerThread: false,
            engines: fixtureEnginesConfig,
            staging: {
              endpoint: 'http://s3.test:8333',
              bucket: 'warehouse',
              accessKeyId: 'test-key',
              secretAccessKey: 'test-secret',
            },
          },
        },
      }),
      mockServices.permissions.factory({ result }),
    ],
  });
  /** The action's output, as loosely typed as the JSON it is. */
  const invoke = (
    name: string,
    input: Record<string, unknown> = {},
  ): Promise<{ output: any }> =>
    registry.invoke({
      id: `test:${name}`,
      input: input as any,
      credentials: user,
    });
  return { registry, invoke };
}

/** Polls until the first snapshot of every engine is in (the plugin polls at start). */
async function untilPolled(invoke: (n: string) => Promise<{ output: any }>) {
  for (let i = 0; i < 50; i++) {
    const { output } = await invoke('list-engines');
    if (output.engines.every((e: any) => e.fetchedAt)) return output;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('the engines were never polled');
}

describe('lakehouse actions', () => {
  it('offers the engines, jobs and job controls with their attributes', async () => {
    const { registry } = await startWithActions();
    const { actions } = await registry.list();
    expect(
      Object.fromEntries(actions.map(a => [a.name, a.attributes])),
    ).toEqual({
      'list-engines': { readOnly: true, destructive: false, idempotent: true },
      'list-jobs': { readOnly: true, destructive: false, idempotent: true },
      'get-job': { readOnly: true, destructive: false, idempotent: true },
      'submit-job': { readOnly: false, destructive: false, idempotent: false },
      'cancel-job': { readOnly: false, destructive: true, idempotent: true },
      'stop-job': { readOnly: false, destructive: true, idempotent: false },
      'set-job-state': {
        readOnly: false,
        destructive: false,
        idempotent: false,
      },
      'rerun-job': { readOnly: false, destructive: false, idempotent: false },
    });
    // Agents see what to send.
    const submit = actions.find(a => a.name === 'submit-job')!;
    expect(submit.schema.input).toMatchObject({
      required: expect.arrayContaining([
        'engine',
        'instance',
        'name',
        'entrypoint',
        'project',
      ]),
    });
  });

  it('lists the engines, and searches the jobs by state', async () => {
    const { invoke } = await startWithActions();
    const engines = await untilPolled(invoke);
    expect(
      engines.engines.map((e: any) => `${e.engine}/${e.instance}`).sort(),
    ).toEqual(['flink/local', 'ray/local', 'spark/local']);
    expect(engines.engines.every((e: any) => e.jobCounts)).toBe(true);
    const { output } = await invoke('list-jobs', {
      state: 'FAILED',
      engine: 'flink',
    });
    expect(output.items.length).toBeGreaterThan(0);
    expect(
      new Set(output.items.map((j: any) => `${j.engine} ${j.state}`)),
    ).toEqual(new Set(['flink FAILED']));
  });

  it('gets one job from its engine', async () => {
    const { invoke } = await startWithActions();
    await untilPolled(invoke);
    const { output } = await invoke('get-job', {
      engine: 'flink',
      instance: 'local',
      jobId: FLINK_FAILED_JOB_ID,
    });
    expect(output.job).toMatchObject({
      job: { id: FLINK_FAILED_JOB_ID, state: 'FAILED' },
    });
  });

  it('refuses bad input with the reason, and unknown instances', async () => {
    const { invoke } = await startWithActions();
    await expect(invoke('list-jobs', { state: 'EXPLODED' })).rejects.toThrow(
      /state.*must be a comma-separated list/,
    );
    await expect(invoke('list-engines', { engine: 'hadoop' })).rejects.toThrow(
      /Invalid input to action/,
    );
    await expect(
      invoke('get-job', { engine: 'ray', instance: 'nowhere', jobId: 'x' }),
    ).rejects.toThrow("No ray instance 'nowhere' is configured");
  });

  it('submits a dry run unless asked otherwise, as the caller, audited', async () => {
    const { invoke } = await startWithActions();
    const zip = new JSZip().file('main.py', 'print(1)');
    const { output } = await invoke('submit-job', {
      engine: 'ray',
      instance: 'local',
      name: 'agent-job',
      entrypoint: 'main.py',
      project: {
        zipBase64: (
          await zip.generateAsync({ type: 'nodebuffer' })
        ).toString('base64'),
      },
    });
    expect(output).toMatchObject({
      dryRun: true,
      name: 'agent-job',
      engine: 'ray',
    });
    expect(output.jobId).toBeUndefined();
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'job-submit',
        meta: expect.objectContaining({ dryRun: true, name: 'agent-job' }),
      }),
    );
  });

  it("applies the caller's permissions: status reads, submissions and cancels denied", async () => {
    const { invoke } = await startWithActions(AuthorizeResult.DENY);
    await expect(invoke('list-jobs')).rejects.toThrow(
      'Missing permission lakehouse.status.read',
    );
    await expect(
      invoke('cancel-job', {
        engine: 'flink',
        instance: 'local',
        jobId: FLINK_FAILED_JOB_ID,
      }),
    ).rejects.toThrow(/NotAllowed|not allowed|permission/i);
    // The denial is audited, as on the HTTP routes.
    expect(auditEvent.fail).toHaveBeenCalled();
  });

  it('suspends only jobs that are custom resources, saying what to use instead', async () => {
    const { invoke } = await startWithActions();
    await expect(
      invoke('set-job-state', {
        engine: 'flink',
        instance: 'local',
        jobId: FLINK_FAILED_JOB_ID,
        state: 'suspended',
      }),
    ).rejects.toThrow(
      "flink jobs of 'local' are not custom resources and cannot be suspended: cancel or stop with a savepoint, then rerun",
    );
    await expect(
      invoke('set-job-state', {
        engine: 'flink',
        instance: 'local',
        jobId: FLINK_FAILED_JOB_ID,
        state: 'paused',
      }),
    ).rejects.toThrow(/state/);
  });
});
