import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type { JobSummary, JobsPage } from '@internal/plugin-lakehouse-common';
import type { UsersResponse } from '@internal/plugin-recommender-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  backendError,
  BASE,
  mswServer,
  REC,
  serveAnswer,
  testApis,
  versionsAnswer,
} from './__testUtils__/apis';
import plugin from './plugin';

const server = mswServer();
jest.setTimeout(30_000);

const run = (id: string, overrides: Partial<JobSummary> = {}): JobSummary => ({
  id,
  name: 'recommender-training',
  engine: 'ray',
  instance: 'platform',
  kind: 'job',
  state: 'SUCCEEDED',
  rawState: 'SUCCEEDED',
  startTime: '2026-11-30T15:12:27.000Z',
  endTime: '2026-11-30T15:13:10.000Z',
  durationMs: 43_000,
  links: [],
  ...overrides,
});

let jobQueries: URLSearchParams[];

beforeEach(() => {
  jobQueries = [];
  server.use(
    http.get(`${REC}/versions`, () => HttpResponse.json(versionsAnswer())),
    http.get(`${REC}/serve`, () => HttpResponse.json(serveAnswer())),
    http.get(`${REC}/users`, () =>
      HttpResponse.json<UsersResponse>({
        table: 'demo.users',
        users: [{ userId: 'u-ada', name: 'Ada Lovelace', signupDate: null }],
        total: 1,
      }),
    ),
    http.get(`${BASE}/lakehouse/jobs`, ({ request }) => {
      jobQueries.push(new URL(request.url).searchParams);
      return HttpResponse.json<JobsPage>({
        items: [
          run('raysubmit_2', {
            state: 'RUNNING',
            rawState: 'RUNNING',
            endTime: undefined,
            durationMs: 5_000,
          }),
          run('raysubmit_1'),
          // The search also finds other names containing the text.
          run('raysubmit_x', { name: 'recommender-training-backfill' }),
        ],
        total: 3,
        offset: 0,
        limit: 20,
        errors: [],
      });
    }),
  );
});

function render() {
  return renderInTestApp(
    createExtensionTester(plugin.getExtension('page:recommender'), {
      config: { trainingInstance: 'platform' },
    }).reactElement(),
    { apis: testApis() },
  );
}

describe('Recommendations page', () => {
  it('shows every card: versions, accuracy, Serve health, try it, and the training runs', async () => {
    await render();
    expect(
      await screen.findByRole(
        'table',
        { name: 'Model versions' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByLabelText('Precision@10 over versions'),
    ).toBeInTheDocument();
    expect(
      await screen.findByLabelText('Application status'),
    ).toHaveTextContent('RUNNING');
    expect(
      await within(
        await screen.findByRole('list', { name: 'Users' }),
      ).findByText('Ada Lovelace'),
    ).toBeInTheDocument();
    const runs = await screen.findByRole('table', { name: 'Training runs' });
    const rows = within(runs).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['raysubmit_2', 'raysubmit_1']);
    expect(rows[1]).toHaveTextContent('43 s');
    expect(Object.fromEntries(jobQueries[0])).toMatchObject({
      engine: 'ray',
      instance: 'platform',
      q: 'recommender-training',
    });
  });

  it('keeps every other card when one source fails', async () => {
    server.use(
      http.get(`${REC}/serve`, () =>
        backendError(500, 'Error', 'An internal error occurred'),
      ),
      http.get(`${REC}/users`, () => HttpResponse.error()),
      http.get(`${BASE}/lakehouse/jobs`, () =>
        backendError(
          503,
          'ServiceUnavailableError',
          'ray instance platform is not configured',
        ),
      ),
    );
    await render();
    expect(
      await screen.findByRole(
        'table',
        { name: 'Model versions' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        /The recommender backend did not answer: HTTP 500/,
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText(/Cannot search users:/)).toBeInTheDocument();
    expect(
      await screen.findByText(
        /Cannot load the training runs from the lakehouse backend: HTTP 503: ray instance platform is not configured/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('Precision@10 over versions'),
    ).toBeInTheDocument();
  });

  it('keeps the other cards when the versions cannot be read', async () => {
    server.use(
      http.get(`${REC}/versions`, () =>
        backendError(
          403,
          'NotAllowedError',
          'Missing permission recommender.model.read',
        ),
      ),
    );
    await render();
    expect(
      await screen.findByText(
        'The recommender backend did not answer: HTTP 403: Missing permission recommender.model.read',
        {},
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /No accuracy figures: the recommender backend did not answer/,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByLabelText('Application status'),
    ).toHaveTextContent('RUNNING');
    expect(
      await screen.findByRole('table', { name: 'Training runs' }),
    ).toBeInTheDocument();
  });

  it('keeps the page when a card breaks on an answer it cannot show', async () => {
    server.use(
      // Not the contract: the card cannot render it.
      http.get(`${REC}/serve`, () =>
        HttpResponse.json({ configured: true, errors: 'everything is down' }),
      ),
    );
    const error = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await render();
      expect(
        await screen.findByText(
          /This card failed to show:/,
          {},
          { timeout: 15_000 },
        ),
      ).toBeInTheDocument();
      expect(
        await screen.findByRole('table', { name: 'Model versions' }),
      ).toBeInTheDocument();
      expect(
        await screen.findByRole('table', { name: 'Training runs' }),
      ).toBeInTheDocument();
    } finally {
      error.mockRestore();
    }
  });
});
