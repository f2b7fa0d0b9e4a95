import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { JobSummary } from '@internal/plugin-lakehouse-common';
import { JobNotices } from './JobNotices';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const job: JobSummary = {
  id: 'raysubmit_1',
  name: 'nightly-etl',
  engine: 'ray',
  instance: 'local',
  kind: 'job',
  state: 'FAILED',
  rawState: 'FAILED',
  links: [],
};

async function setUp(owners?: { submittedBy?: string; ownerRefs: string[] }) {
  const knex = await databases.init('SQLITE_3');
  const database = { getClient: async () => knex } as any;
  const notifications = { send: jest.fn(async () => {}) };
  const options = {
    notifications,
    ownership: {
      getResources: async (refs: string[]) =>
        refs.map(() =>
          owners
            ? { engine: 'ray', instance: 'local', jobId: job.id, ...owners }
            : undefined,
        ),
    },
    logger: mockServices.logger.mock(),
    appBaseUrl: 'http://portal.test',
  };
  const notices = await JobNotices.create(database, options);
  return {
    notices,
    notifications,
    replica: () => JobNotices.create(database, options),
  };
}

describe('JobNotices', () => {
  it("tells the submitter and the entity's owners that the job failed, with its error and a link, once", async () => {
    const { notices, notifications, replica } = await setUp({
      submittedBy: 'user:default/ada',
      ownerRefs: ['group:default/data-platform', 'user:default/ada'],
    });
    const failed = {
      kind: 'failed' as const,
      job,
      key: 'failed',
      tail: 'ValueError: bad row',
    };
    expect(await notices.send(failed)).toBe(true);
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['user:default/ada', 'group:default/data-platform'],
      },
      payload: {
        title: "Ray job 'nightly-etl' failed",
        description: 'ValueError: bad row',
        link: 'http://portal.test/data-platform/ray?instance=local&job=raysubmit_1',
        severity: 'high',
        topic: 'lakehouse:ray/local/raysubmit_1',
      },
    });
    // Another replica, or this one after a restart, detects the same failure: nothing more is sent.
    expect(await (await replica()).send(failed)).toBe(false);
    expect(await notices.send(failed)).toBe(false);
    // A recovery is a new notice.
    expect(
      await notices.send({ kind: 'recovered', job, key: 'recovered:1' }),
    ).toBe(true);
    expect(notifications.send).toHaveBeenCalledTimes(2);
  });

  it('sends nothing for a job nobody owns', async () => {
    const { notices, notifications } = await setUp({ ownerRefs: [] });
    expect(await notices.send({ kind: 'failed', job, key: 'failed' })).toBe(
      false,
    );
    expect(notifications.send).not.toHaveBeenCalled();
  });
});
