import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { JobSummary } from '@internal/plugin-lakehouse-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { lakehouseApiPair } from '../../testUtils/lakehouseApiPair';
import {
  BASE_URL,
  errorBody,
  jobsPage,
  sparkApp,
  sparkDriver,
} from '../../__testUtils__/fixtures';
import { JobsTable } from './JobsTable';

const server = setupServer();
registerMswTestHooks(server);

/** 30 Spark applications, newest first, as the backend would page them. */
const allJobs: JobSummary[] = Array.from({ length: 30 }, (_, i) => ({
  ...sparkApp,
  id: `app-20261126${String(1800 - i).padStart(4, '0')}00-${String(i).padStart(
    4,
    '0',
  )}`,
  name: i % 2 ? `orders-compaction-${i}` : `clicks-rollup-${i}`,
  state: i === 3 ? 'FAILED' : 'RUNNING',
  rawState: i === 3 ? 'FAILED' : 'RUNNING',
}));

function serveJobs() {
  const requests: Array<Record<string, string>> = [];
  server.use(
    http.get(`${BASE_URL}/jobs`, ({ request }) => {
      const params = Object.fromEntries(new URL(request.url).searchParams);
      requests.push(params);
      const states = params.state?.split(',');
      const matches = allJobs
        .filter(j => !states || states.includes(j.state))
        .filter(
          j =>
            !params.q || j.name.includes(params.q) || j.id.includes(params.q),
        );
      const limit = Number(params.limit ?? 50);
      const offset = Number(params.offset ?? 0);
      return HttpResponse.json(
        jobsPage(matches.slice(offset, offset + limit), {
          total: matches.length,
          limit,
          offset,
        }),
      );
    }),
  );
  return requests;
}

describe('JobsTable', () => {
  it('shows the first page of one instance with state, duration and links', async () => {
    const requests = serveJobs();
    await renderInTestApp(<JobsTable engine="spark" instance="local" />, {
      apis: [lakehouseApiPair()],
    });
    expect(await screen.findByText('clicks-rollup-0')).toBeInTheDocument();
    expect(requests[0]).toEqual({
      engine: 'spark',
      instance: 'local',
      limit: '10',
    });
    expect(screen.getAllByRole('row')).toHaveLength(11);
    expect(screen.getByText('1-10 of 30')).toBeInTheDocument();
    const row = screen.getByText('orders-compaction-3').closest('tr')!;
    expect(within(row).getByText('Failed')).toBeInTheDocument();
    expect(within(row).getByText('15 s')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: 'Spark master' }),
    ).toHaveAttribute('href', sparkApp.links[0].url);
  });

  it('sends search, state filter and pagination to the server', async () => {
    const requests = serveJobs();
    await renderInTestApp(<JobsTable engine="spark" instance="local" />, {
      apis: [lakehouseApiPair()],
    });
    await screen.findByText('clicks-rollup-0');

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('clicks-rollup-10')).toBeInTheDocument();
    expect(requests.at(-1)).toEqual({
      engine: 'spark',
      instance: 'local',
      limit: '10',
      offset: '10',
    });

    await userEvent.type(screen.getByLabelText('Search name or id'), 'orders');
    await waitFor(() => expect(requests.at(-1)?.q).toBe('orders'));
    // A new search starts at the first page.
    expect(requests.at(-1)).toEqual({
      engine: 'spark',
      instance: 'local',
      limit: '10',
      q: 'orders',
    });
    expect(await screen.findByText('1-10 of 15')).toBeInTheDocument();

    // The state filter (its name is the label plus the empty value); the column header is just "State".
    await userEvent.click(
      screen.getByRole('button', {
        name: n => n.startsWith('State') && n !== 'State',
      }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'Failed' }),
    );
    await waitFor(() =>
      expect(requests.at(-1)).toEqual({
        engine: 'spark',
        instance: 'local',
        limit: '10',
        q: 'orders',
        state: 'FAILED',
      }),
    );
    expect(await screen.findByText('1-1 of 1')).toBeInTheDocument();
    expect(screen.getByText('orders-compaction-3')).toBeInTheDocument();
    expect(screen.queryByText('orders-compaction-1')).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: /Rows per page/ }),
    );
    await userEvent.click(await screen.findByRole('option', { name: '25' }));
    await waitFor(() => expect(requests.at(-1)?.limit).toBe('25'));
  }, 30_000);

  it('sorts on the server, over every page, and goes back to the first page', async () => {
    const requests: Record<string, string>[] = [];
    server.use(
      http.get(`${BASE_URL}/jobs`, ({ request }) => {
        const params = Object.fromEntries(new URL(request.url).searchParams);
        requests.push(params);
        const items =
          params.sort === 'name'
            ? [sparkDriver, sparkApp]
            : [sparkApp, sparkDriver];
        return HttpResponse.json({ ...jobsPage(items), total: 40 });
      }),
    );
    await renderInTestApp(<JobsTable engine="spark" instance="local" />, {
      apis: [lakehouseApiPair()],
    });
    await screen.findByText('orders-compaction');
    expect(screen.getByText('Newest first')).toBeInTheDocument();
    expect(requests.at(-1)).not.toHaveProperty('sort');
    const names = () =>
      screen
        .getAllByRole('row')
        .slice(1)
        .map(r => r.querySelector('td')!.textContent);
    await userEvent.click(screen.getByRole('button', { name: 'Name / id' }));
    await waitFor(() =>
      expect(requests.at(-1)).toMatchObject({ sort: 'name', order: 'asc' }),
    );
    await waitFor(() =>
      expect(names()[0]).toContain('driver-20261126182842-0002'),
    );
    expect(requests.at(-1)).not.toHaveProperty('offset');
    await userEvent.click(screen.getByRole('button', { name: 'Name / id' }));
    await waitFor(() =>
      expect(requests.at(-1)).toMatchObject({ sort: 'name', order: 'desc' }),
    );
  });

  it('says what it is loading and explains a backend failure', async () => {
    server.use(
      http.get(`${BASE_URL}/jobs`, () =>
        HttpResponse.json(errorBody('Error', 'cache unavailable', 500), {
          status: 500,
        }),
      ),
    );
    await renderInTestApp(<JobsTable engine="flink" instance="local" />, {
      apis: [lakehouseApiPair()],
    });
    expect(screen.getByText("Loading Flink 'local' jobs…")).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Error: Cannot load Flink jobs from the lakehouse backend',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('HTTP 500: cache unavailable')).toBeInTheDocument();
  });
});
