import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { JobSummary } from '@internal/plugin-lakehouse-common';
import { lakehouseApiPair } from '../../testUtils/lakehouseApiPair';
import {
  BASE_URL,
  errorBody,
  flinkJob,
  rayJob,
} from '../../__testUtils__/fixtures';
import { JobControls } from './JobControls';

const server = setupServer();
registerMswTestHooks(server);
const apis = [lakehouseApiPair()] as const;
const flinkPath = `${BASE_URL}/jobs/flink/local/${flinkJob.id}`;
const SAVEPOINT = `s3://warehouse/flink/savepoints/savepoint-${flinkJob.id.slice(
  0,
  6,
)}-0123456789ab`;

async function confirmIn(dialogTitle: RegExp, confirm: string) {
  const dialog = await screen.findByRole('dialog');
  expect(within(dialog).getByText(dialogTitle)).toBeInTheDocument();
  fireEvent.click(within(dialog).getByRole('button', { name: confirm }));
}

describe('JobControls', () => {
  it('stops a Flink job with a savepoint, drained, saying what it waits for and where the savepoint is', async () => {
    const bodies: unknown[] = [];
    const onChanged = jest.fn();
    server.use(
      http.post(`${flinkPath}/stop`, async ({ request }) => {
        bodies.push(await request.json());
        await delay(200);
        return HttpResponse.json({
          engine: 'flink',
          instance: 'local',
          jobId: flinkJob.id,
          location: SAVEPOINT,
          stopped: true,
          durationMs: 2400,
        });
      }),
    );
    await renderInTestApp(
      <JobControls job={flinkJob} onChanged={onChanged} />,
      { apis },
    );
    const group = screen.getByRole('group', { name: 'Job controls' });
    expect(
      within(group)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual([
      'Trigger savepoint',
      'Stop with savepoint',
      'Cancel',
      'Rerun or resume',
    ]);
    fireEvent.click(
      screen.getByRole('button', { name: 'Stop with savepoint' }),
    );
    fireEvent.click(await screen.findByLabelText(/Drain/));
    await confirmIn(
      /Stop 'fraud-detector' with a savepoint\?/,
      'Stop with savepoint',
    );
    expect(
      await screen.findByText(
        'Waiting for Flink to write the savepoint and stop the job…',
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText(SAVEPOINT)).toBeInTheDocument();
    expect(
      screen.getByText(/Stopped after a savepoint in 2.4 s/),
    ).toBeInTheDocument();
    expect(bodies).toEqual([{ drain: true }]);
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it("resumes a Flink job from the restore point chosen among the job's own", async () => {
    const bodies: unknown[] = [];
    server.use(
      http.get(`${flinkPath}/restore-points`, () =>
        HttpResponse.json({
          engine: 'flink',
          instance: 'local',
          jobId: flinkJob.id,
          points: [
            { kind: 'savepoint', path: SAVEPOINT, latest: true },
            {
              kind: 'checkpoint',
              path: `s3://warehouse/cp/${flinkJob.id}/chk-3`,
              latest: false,
            },
          ],
        }),
      ),
      http.post(`${flinkPath}/rerun`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(
          {
            engine: 'flink',
            instance: 'local',
            name: flinkJob.name,
            jobId: 'f00d',
            dryRun: false,
            plan: [],
            links: [],
            rerunOf: flinkJob.id,
            restoredFrom: SAVEPOINT,
          },
          { status: 201 },
        );
      }),
    );
    await renderInTestApp(
      <JobControls
        job={flinkJob}
        jobLink={id => `/data-platform/flink?job=${id}`}
      />,
      { apis },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Rerun or resume' }));
    fireEvent.click(
      await screen.findByLabelText(`Latest savepoint: ${SAVEPOINT}`),
    );
    await confirmIn(/Run 'fraud-detector' again\?/, 'Resume');
    expect(await screen.findByRole('link', { name: 'f00d' })).toHaveAttribute(
      'href',
      '/data-platform/flink?job=f00d',
    );
    expect(bodies).toEqual([{ restoreFrom: SAVEPOINT }]);
  });

  it("shows the backend's refusal, and offers an ended job only a rerun", async () => {
    const running: JobSummary = { ...rayJob, state: 'RUNNING' };
    server.use(
      http.post(`${BASE_URL}/jobs/ray/local/${rayJob.id}/cancel`, () =>
        HttpResponse.json(
          errorBody(
            'NotAllowedError',
            'Missing permission lakehouse.job.cancel',
            403,
          ),
          { status: 403 },
        ),
      ),
    );
    const { unmount } = await renderInTestApp(<JobControls job={running} />, {
      apis,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Stop job' }));
    await confirmIn(/Stop job 'feature-backfill'\?/, 'Cancel the job');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'HTTP 403: Missing permission lakehouse.job.cancel',
    );
    unmount();

    await renderInTestApp(<JobControls job={rayJob} />, { apis });
    await waitFor(() =>
      expect(
        within(screen.getByRole('group', { name: 'Job controls' }))
          .getAllByRole('button')
          .map(b => b.textContent),
      ).toEqual(['Rerun']),
    );
  });

  it('suspends a FlinkSessionJob as its operator defines it, and offers Resume once it is suspended', async () => {
    const id = 'FlinkSessionJob:jobs:fraud-0a1b2c3d';
    const job: JobSummary = {
      ...flinkJob,
      id,
      instance: 'platform',
      state: 'RUNNING',
      rawState: 'RUNNING',
    };
    const bodies: unknown[] = [];
    server.use(
      http.post(
        `${BASE_URL}/jobs/flink/platform/${encodeURIComponent(id)}/state`,
        async ({ request }) => {
          bodies.push(await request.json());
          return HttpResponse.json({
            engine: 'flink',
            instance: 'platform',
            jobId: id,
            kind: 'FlinkSessionJob',
            state: 'suspended',
            changed: {
              'spec.job.state': 'suspended',
              'spec.job.upgradeMode': 'stateless',
            },
          });
        },
      ),
    );
    const { unmount } = await renderInTestApp(
      <JobControls job={job} resourceKind="FlinkSessionJob" />,
      { apis },
    );
    const group = screen.getByRole('group', { name: 'Job controls' });
    expect(
      within(group)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Suspend', 'Delete FlinkSessionJob', 'Rerun']);
    fireEvent.click(screen.getByRole('button', { name: 'Suspend' }));
    fireEvent.click(await screen.findByLabelText(/Stateless/));
    await confirmIn(/Suspend 'fraud-detector'\?/, 'Suspend');
    expect(
      await screen.findByText('spec.job.upgradeMode: stateless'),
    ).toBeInTheDocument();
    expect(bodies).toEqual([{ state: 'suspended', upgradeMode: 'stateless' }]);
    unmount();

    await renderInTestApp(
      <JobControls
        job={{ ...job, state: 'CANCELLED', rawState: 'SUSPENDED' }}
        resourceKind="FlinkSessionJob"
      />,
      { apis },
    );
    expect(
      within(screen.getByRole('group', { name: 'Job controls' }))
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Resume', 'Delete FlinkSessionJob', 'Rerun']);
  });

  it("shows the operator's refusal to suspend a RayJob on a shared cluster", async () => {
    const id = 'RayJob:jobs:train-0a1b2c3d';
    server.use(
      http.post(
        `${BASE_URL}/jobs/ray/platform/${encodeURIComponent(id)}/state`,
        () =>
          HttpResponse.json(
            errorBody(
              'InputError',
              'KubeRay suspends only RayJobs that own their cluster (shutdownAfterJobFinishes: true)',
              400,
            ),
            { status: 400 },
          ),
      ),
    );
    await renderInTestApp(
      <JobControls
        job={{ ...rayJob, id, instance: 'platform', state: 'RUNNING' }}
        resourceKind="RayJob"
      />,
      { apis },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Suspend' }));
    await confirmIn(/Suspend 'feature-backfill'\?/, 'Suspend');
    expect(
      await screen.findByText(
        /KubeRay suspends only RayJobs that own their cluster/,
      ),
    ).toBeInTheDocument();
  });

  it('offers only a rerun for kept history of a job the cluster no longer has', async () => {
    await renderInTestApp(
      <JobControls
        job={{
          ...rayJob,
          id: 'RayJob:jobs:train-0a1b2c3d',
          instance: 'platform',
          state: 'RUNNING',
          fromHistory: true,
        }}
        resourceKind="RayJob"
      />,
      { apis },
    );
    expect(
      within(screen.getByRole('group', { name: 'Job controls' }))
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Rerun']);
  });
});
