import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  BASE_URL,
  errorBody,
  lakehouseApiPair,
  lakehouseHandlers,
} from '../../__testUtils__/backend';
import { EngineTab } from './EngineTab';

const server = setupServer();
registerMswTestHooks(server);
const apis = [lakehouseApiPair()] as const;

/** The InfoCard of one instance, found by its title. */
async function instanceCard(title: string) {
  const heading = await screen.findByText(title);
  return heading.closest('.MuiCard-root') as HTMLElement;
}

describe('EngineTab', () => {
  it('shows every instance of the engine, with the error panel over the last good data', async () => {
    server.use(...lakehouseHandlers().handlers);
    await renderInTestApp(<EngineTab engine="flink" />, { apis });
    expect(screen.getByText('Loading Flink instances…')).toBeInTheDocument();

    const local = await instanceCard("Flink 'local'");
    expect(
      within(local).getByText("Error: Flink 'local' did not answer within 5 s"),
    ).toBeInTheDocument();
    expect(
      within(local).getByText(
        /JobManager is up and not overloaded \(local-platform\/lp status flink\)/,
      ),
    ).toBeInTheDocument();
    expect(
      within(local).getByText(
        /lakehouse.engines.flink\[\].url \(name: local\)/,
      ),
    ).toBeInTheDocument();
    // ... and still the last good data: cluster, freshness and jobs.
    expect(within(local).getByText('2 / 4 used')).toBeInTheDocument();
    expect(
      within(local).getByText('updated 10 min ago (stale)'),
    ).toBeInTheDocument();
    expect(
      await within(local).findByText('fraud-detector'),
    ).toBeInTheDocument();

    const staging = await instanceCard("Flink 'staging'");
    expect(
      within(staging).queryByText(/did not answer/),
    ).not.toBeInTheDocument();
    expect(
      await within(staging).findAllByText('clickstream-sessionizer'),
    ).toHaveLength(2);
    expect(screen.queryByText("Spark 'local'")).not.toBeInTheDocument();
  });

  it('fills every table from the instance list, then refreshes each on its own', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const { handlers, jobQueries, engineQueries } = lakehouseHandlers();
      server.use(...handlers);
      await renderInTestApp(<EngineTab engine="flink" />, { apis });
      const staging = await instanceCard("Flink 'staging'");
      expect(
        await within(staging).findAllByText('clickstream-sessionizer'),
      ).toHaveLength(2);
      expect(engineQueries).toEqual([{ engine: 'flink', firstJobs: '10' }]);
      expect(jobQueries).toEqual([]);
      await act(() => jest.advanceTimersByTimeAsync(10_000));
      expect(jobQueries).toEqual(
        expect.arrayContaining([
          { engine: 'flink', instance: 'local', limit: '10' },
          { engine: 'flink', instance: 'staging', limit: '10' },
        ]),
      );
    } finally {
      jest.useRealTimers();
    }
  });

  it("keeps the other instances when one instance's jobs fail to load", async () => {
    // A backend that does not send first pages: each table asks for its own.
    server.use(
      ...lakehouseHandlers({ failJobsOf: 'flink/local', embedFirstJobs: false })
        .handlers,
    );
    await renderInTestApp(<EngineTab engine="flink" />, { apis });
    const local = await instanceCard("Flink 'local'");
    expect(
      await within(local).findByText(
        'Error: Cannot load Flink jobs from the lakehouse backend',
      ),
    ).toBeInTheDocument();
    expect(
      within(local).getByText('HTTP 500: snapshot cache unavailable'),
    ).toBeInTheDocument();
    const staging = await instanceCard("Flink 'staging'");
    expect(
      await within(staging).findAllByText('clickstream-sessionizer'),
    ).toHaveLength(2);
  });

  it('explains a backend failure of the instance list', async () => {
    server.use(
      http.get(`${BASE_URL}/engines`, () =>
        HttpResponse.json(
          errorBody(
            'NotAllowedError',
            'Missing permission lakehouse.status.read',
            403,
          ),
          { status: 403 },
        ),
      ),
    );
    await renderInTestApp(<EngineTab engine="ray" />, { apis });
    expect(
      await screen.findByText(
        'Error: Cannot load the Ray instances from the lakehouse backend',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/HTTP 403: Missing permission lakehouse.status.read/),
    ).toBeInTheDocument();
  });

  it('says how to configure an engine with no instance', async () => {
    server.use(
      http.get(`${BASE_URL}/engines`, () => HttpResponse.json({ items: [] })),
    );
    await renderInTestApp(<EngineTab engine="spark" />, { apis });
    expect(
      await screen.findByText('No Spark instance is configured'),
    ).toBeInTheDocument();
    expect(screen.getByText(/lakehouse.engines.spark\[\]/)).toBeInTheDocument();
  });

  it('opens a job in a drawer', async () => {
    server.use(...lakehouseHandlers().handlers);
    await renderInTestApp(<EngineTab engine="ray" />, { apis });
    await userEvent.click(
      await screen.findByRole('button', { name: 'feature-backfill' }),
    );
    const drawer = await screen.findByRole('region', { name: 'Job details' });
    expect(
      await within(drawer).findByText('hello from ray'),
    ).toBeInTheDocument();
    expect(within(drawer).getByText('python backfill.py')).toBeInTheDocument();
    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Close job details' }),
    );
    expect(
      screen.queryByRole('region', { name: 'Job details' }),
    ).not.toBeInTheDocument();
  });
});
