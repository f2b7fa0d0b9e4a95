import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { useApi } from '@backstage/frontend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { usePolling } from '@internal/plugin-lakehouse-react';
import type { ModelVersionsResponse } from '@internal/plugin-recommender-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { recommenderApiRef } from '../api';
import {
  backendError,
  mswServer,
  promotion,
  REC,
  testApis,
  versionsAnswer,
} from '../__testUtils__/apis';
import { ModelVersionsCard } from './ModelVersionsCard';

const server = mswServer();
jest.setTimeout(30_000);

/** The card as the page feeds it: the versions polled from the backend (no interval here). */
function Card() {
  const api = useApi(recommenderApiRef);
  const versions = usePolling(() => api.getVersions(), [api], {
    intervalMs: 0,
  });
  return <ModelVersionsCard versions={versions} />;
}

let answer: ModelVersionsResponse;
let versionReads: number;

beforeEach(() => {
  answer = versionsAnswer();
  versionReads = 0;
  server.use(
    http.get(`${REC}/versions`, () => {
      versionReads++;
      return HttpResponse.json(answer);
    }),
  );
});

const render = (promote = AuthorizeResult.ALLOW) =>
  renderInTestApp(<Card />, { apis: testApis(promote) });

describe('ModelVersionsCard', () => {
  it('lists the versions newest first, with the promoted one marked and failures explained', async () => {
    await render();
    const table = await screen.findByRole('table', { name: 'Model versions' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['rec-v3', 'rec-v2', 'rec-v1Promoted']);
    expect(screen.getByLabelText('Precision@10 of rec-v3').textContent).toBe(
      '0.210',
    );
    expect(
      within(rows[0]).getByText('baseline 0.077 (2.7×)'),
    ).toBeInTheDocument();
    expect(within(rows[0]).getByText('10,045 events')).toBeInTheDocument();
    expect(within(rows[0]).getByText('0.880')).toBeInTheDocument();
    expect(within(rows[0]).getByText('12.5 s')).toBeInTheDocument();
    expect(within(rows[1]).getByText('failed')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(/JSONDecodeError: Expecting value/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Promoted:/)).toHaveTextContent(
      'Promoted: rec-v1 since',
    );
    // Only a ready version that is not promoted can be promoted; one promotion: no rollback.
    expect(
      await screen.findByRole('button', { name: 'Promote rec-v3' }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /^Promote/ })).toHaveLength(1);
    expect(
      screen.queryByRole('button', { name: /Roll back/ }),
    ).not.toBeInTheDocument();
  });

  it('promotes after confirmation, saying what it waits for, then shows the result', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`${REC}/promote`, async ({ request }) => {
        bodies.push(await request.json());
        await delay(300);
        answer = versionsAnswer({
          promoted: promotion([
            ['rec-v1', 'promote'],
            ['rec-v3', 'promote'],
          ]),
        });
        return HttpResponse.json(answer.promoted);
      }),
    );
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Promote rec-v3' }),
    );
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('Promote rec-v3?')).toBeInTheDocument();
    expect(within(dialog).getByText(/instead of rec-v1/)).toBeInTheDocument();
    expect(bodies).toEqual([]);
    const reads = versionReads;
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );
    expect(
      await within(dialog).findByText(
        /Promoting rec-v3: waiting for the backend to check model.json and model.npz and write promoted.json/,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        /Promoted rec-v3 \(was rec-v1\), as user:default\/ada\. Ray Serve's replicas load it within seconds/,
      ),
    ).toBeInTheDocument();
    expect(bodies).toEqual([{ versionId: 'rec-v3' }]);
    await waitFor(() => expect(versionReads).toBeGreaterThan(reads));
    // The table follows: rec-v3 is the promoted one now, and rec-v1 can be rolled back to.
    await waitFor(() =>
      expect(
        within(screen.getByTestId('version-rec-v3')).getByText('Promoted'),
      ).toBeInTheDocument(),
    );
    // Once the dialog has gone (it hides the rest of the page while open).
    expect(
      await screen.findByRole('button', { name: 'Roll back to rec-v1' }),
    ).toBeInTheDocument();
  });

  it('cancels without calling the backend', async () => {
    const promote = jest.fn();
    server.use(
      http.post(`${REC}/promote`, () => {
        promote();
        return HttpResponse.json({});
      }),
    );
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Promote rec-v3' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(promote).not.toHaveBeenCalled();
  });

  it("shows the backend's 409 as it says it", async () => {
    server.use(
      http.post(`${REC}/promote`, () =>
        backendError(
          409,
          'ConflictError',
          'Version rec-v3 cannot be promoted: s3://warehouse/models/recommender/versions/rec-v3/model.npz does not exist',
        ),
      ),
    );
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Promote rec-v3' }),
    );
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Promote',
      }),
    );
    expect(
      await screen.findByText(
        'Promoting rec-v3 failed: HTTP 409: Version rec-v3 cannot be promoted: s3://warehouse/models/recommender/versions/rec-v3/model.npz does not exist',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('rolls back to the version promoted before, after confirmation', async () => {
    answer = versionsAnswer({
      promoted: promotion([
        ['rec-v1', 'promote'],
        ['rec-v3', 'promote'],
      ]),
    });
    const rollback = jest.fn();
    server.use(
      http.post(`${REC}/rollback`, () => {
        rollback();
        return HttpResponse.json(
          promotion([
            ['rec-v1', 'promote'],
            ['rec-v3', 'promote'],
            ['rec-v1', 'rollback'],
          ]),
        );
      }),
    );
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back to rec-v1' }),
    );
    const dialog = screen.getByRole('dialog');
    expect(
      within(dialog).getByText('Roll back to rec-v1?'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back' }),
    );
    expect(
      await screen.findByText(/Rolled back to rec-v1 \(was rec-v3\)/),
    ).toBeInTheDocument();
    expect(rollback).toHaveBeenCalledTimes(1);
  });

  it('hides promote and roll back from a user who may not, saying why', async () => {
    // Another serving entity than the other tests': the permission hook caches answers by it.
    answer = versionsAnswer({
      promoted: promotion([
        ['rec-v1', 'promote'],
        ['rec-v3', 'promote'],
      ]),
      servingEntity: 'component:ml/recommendation-service',
    });
    const asked: unknown[] = [];
    await renderInTestApp(<Card />, {
      apis: [
        ...testApis().slice(0, 2),
        mockApis.permission({
          authorize: request => {
            asked.push(request);
            return AuthorizeResult.DENY;
          },
        }),
      ] as any,
    });
    expect(
      await screen.findByText(/You may not promote or roll back/),
    ).toHaveTextContent(
      'recommender.model.promote is not granted to you on component:ml/recommendation-service',
    );
    expect(asked).toEqual([
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'recommender.model.promote',
        }),
        resourceRef: 'component:ml/recommendation-service',
      }),
    ]);
    expect(
      screen.getByRole('table', { name: 'Model versions' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Promote/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Roll back/ }),
    ).not.toBeInTheDocument();
  });

  it('warns when the versions are stale and when the promotion cannot be read', async () => {
    answer = versionsAnswer({
      promoted: null,
      promotedError:
        's3://warehouse/models/recommender/promoted.json is unreadable: it is not JSON',
      stale: {
        error: 'Reading recsys.model_versions failed: catalog unavailable',
        since: '2026-11-30T15:00:00.000Z',
      },
    });
    await render();
    expect(
      await screen.findByText(/These are the versions of the last good read/),
    ).toHaveTextContent(
      'Reading recsys.model_versions failed: catalog unavailable',
    );
    expect(
      screen.getByText(/Which version is promoted cannot be read/),
    ).toHaveTextContent('promoted.json is unreadable: it is not JSON');
    expect(screen.getByText(/No version is promoted yet/)).toBeInTheDocument();
  });

  it('says what it waits for, and what failed', async () => {
    server.use(
      http.get(`${REC}/versions`, async () => {
        await delay(200);
        return backendError(
          503,
          'ServiceUnavailableError',
          'The recommender is not configured: set recommender.catalogUri',
        );
      }),
    );
    await render();
    expect(
      await screen.findByText('Reading the model versions table…'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        /The recommender backend did not answer: HTTP 503: The recommender is not configured/,
      ),
    ).toBeInTheDocument();
  });
});
