import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  RecommendationsResponse,
  UsersResponse,
} from '@internal/plugin-recommender-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { backendError, mswServer, REC, testApis } from '../__testUtils__/apis';
import { TryItCard } from './TryItCard';

const server = mswServer();
jest.setTimeout(30_000);

const USERS: UsersResponse['users'] = [
  { userId: 'u-ada', name: 'Ada Lovelace', signupDate: '2025-03-04' },
  { userId: 'u-alan', name: 'Alan Turing', signupDate: null },
];

const answerFor = (
  userId: string,
  k: number,
  fallback: string | null,
): RecommendationsResponse => ({
  userId,
  k,
  versionId: 'rec-v3',
  fallback,
  items: [
    {
      rank: 1,
      productId: 'p1',
      score: 0.931,
      productName: 'Blue Lamp',
      category: 'home',
      price: 19.99,
    },
    {
      rank: 2,
      productId: 'p9',
      score: 0.41,
      productName: null,
      category: null,
      price: null,
    },
  ].slice(0, k),
  recentEvents:
    fallback === null
      ? [
          {
            timestamp: '2025-09-26T14:03:00.000Z',
            productId: 'p2',
            eventType: 'purchase',
            productName: 'Red Chair',
          },
        ]
      : [],
  errors:
    fallback === null
      ? [
          {
            source: 'products',
            message:
              '1 of the 2 recommended product(s) are not in demo.products',
          },
        ]
      : [],
});

let searches: URLSearchParams[];
let asked: URLSearchParams[];

beforeEach(() => {
  searches = [];
  asked = [];
  server.use(
    http.get(`${REC}/users`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      searches.push(query);
      const q = (query.get('q') ?? '').toLowerCase();
      const users = USERS.filter(
        u => u.userId.includes(q) || u.name!.toLowerCase().includes(q),
      );
      return HttpResponse.json<UsersResponse>({
        table: 'demo.users',
        users,
        total: users.length,
      });
    }),
    http.get(`${REC}/recommendations`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      asked.push(query);
      const userId = query.get('userId')!;
      return HttpResponse.json(
        answerFor(
          userId,
          Number(query.get('k')),
          userId.startsWith('u-') ? null : 'popularity',
        ),
      );
    }),
  );
});

const render = () => renderInTestApp(<TryItCard />, { apis: testApis() });

describe('TryItCard', () => {
  it("searches users, then shows the picked user's recommendations with names and scores, and their events", async () => {
    await render();
    const users = await screen.findByRole('list', { name: 'Users' });
    expect(await within(users).findByText('Ada Lovelace')).toBeInTheDocument();
    expect(
      within(users).getByText('u-ada · signed up 2025-03-04'),
    ).toBeInTheDocument();

    await userEvent.type(
      screen.getByLabelText('Search users by id or name'),
      'turing',
    );
    await waitFor(() =>
      expect(within(users).queryByText('Ada Lovelace')).not.toBeInTheDocument(),
    );
    expect(searches[searches.length - 1].get('q')).toBe('turing');
    // Typing waits for a pause: one search for the whole word.
    expect(searches.map(s => s.get('q'))).toEqual([null, 'turing']);

    await userEvent.click(within(users).getByText('Alan Turing'));
    const products = await screen.findByRole('table', {
      name: 'Recommended products',
    });
    const rows = within(products).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('1Blue Lampp1home19.990.931');
    expect(rows[1]).toHaveTextContent('2p9——0.410');
    expect(screen.getByText('Answered by rec-v3')).toBeInTheDocument();
    expect(screen.queryByText(/Popularity fallback/)).not.toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Latest events' })).getByText(
        'Red Chair',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /1 of the 2 recommended product\(s\) are not in demo.products/,
      ),
    ).toBeInTheDocument();
    expect(Object.fromEntries(asked[0])).toEqual({ userId: 'u-alan', k: '10' });
  });

  it('flags the popularity fallback for a user the model does not know', async () => {
    await render();
    await userEvent.type(
      screen.getByLabelText('Search users by id or name'),
      'newcomer-7',
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Try “newcomer-7” as a user id',
      }),
    );
    expect(
      await screen.findByText(
        /Popularity fallback: the model did not see this user/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Fallback: popularity')).toBeInTheDocument();
    expect(screen.getByText('Blue Lamp')).toBeInTheDocument();
    expect(
      screen.getByText('No events of this user in the clickstream.'),
    ).toBeInTheDocument();
  });

  it("says what it waits for, and shows the service's 503 as it says it", async () => {
    server.use(
      http.get(`${REC}/recommendations`, async () => {
        await delay(200);
        return backendError(
          503,
          'ServiceUnavailableError',
          "The recommendation service cannot answer yet: no model version is promoted yet: promote one on the portal's Recommendations page",
        );
      }),
    );
    await render();
    await userEvent.click(
      await within(
        await screen.findByRole('list', { name: 'Users' }),
      ).findByText('Ada Lovelace'),
    );
    expect(
      await screen.findByText(
        'Asking the recommendation service for the top 10 for Ada Lovelace (u-ada)…',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        "No recommendations: HTTP 503: The recommendation service cannot answer yet: no model version is promoted yet: promote one on the portal's Recommendations page",
      ),
    ).toBeInTheDocument();
  });

  it('says why there are no users to pick', async () => {
    server.use(
      http.get(`${REC}/users`, () =>
        HttpResponse.json<UsersResponse>({
          table: 'demo.users',
          users: [],
          total: 0,
          note: 'demo.users does not exist yet: run the batch ETL job (apps/batch-etl), which writes it from the uploaded CSVs',
        }),
      ),
    );
    await render();
    expect(
      await screen.findByText(
        /demo.users does not exist yet: run the batch ETL job/,
      ),
    ).toBeInTheDocument();
  });
});
