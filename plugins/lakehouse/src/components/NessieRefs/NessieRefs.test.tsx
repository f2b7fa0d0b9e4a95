import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type { NessieRefsResponse } from '@internal/plugin-lakehouse-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { BASE_URL, lakehouseApiPair } from '../../__testUtils__/backend';
import { NessieRefs } from './NessieRefs';

const server = setupServer();
registerMswTestHooks(server);

describe('the Nessie tab', () => {
  it('lists branches and tags with their latest commits, the default branch marked', async () => {
    const refs: NessieRefsResponse = {
      defaultBranch: 'main',
      references: [
        {
          name: 'main',
          type: 'BRANCH',
          hash: 'a8ab162c40aaabb10de8',
          latest: {
            hash: 'a8ab162c40aaabb10de8',
            author: 'etl-bot',
            message: 'Update ICEBERG_TABLE demo.users',
            time: '2026-12-01T08:05:13Z',
          },
        },
        {
          name: 'experiment',
          type: 'BRANCH',
          hash: '9eac52c2c851366889a1',
          commitsAhead: 2,
          commitsBehind: 5,
        },
        { name: 'v1', type: 'TAG', hash: '7fe9813031a1b44f66ce' },
      ],
    };
    server.use(
      http.get(`${BASE_URL}/nessie/refs`, () => HttpResponse.json(refs)),
    );
    await renderInTestApp(<NessieRefs />, { apis: [lakehouseApiPair()] });
    const table = await screen.findByRole('table', {
      name: 'Branches and tags',
    });
    expect(within(table).getByText('main (default)')).toBeInTheDocument();
    expect(
      within(table).getByText('Update ICEBERG_TABLE demo.users'),
    ).toBeInTheDocument();
    expect(within(table).getByText('etl-bot')).toBeInTheDocument();
    expect(within(table).getByText('2 / 5')).toBeInTheDocument();
    expect(within(table).getByText('tag')).toBeInTheDocument();
    expect(within(table).getByText('9eac52c2c851')).toBeInTheDocument();
  });

  it('says what failed when Nessie does not answer', async () => {
    server.use(
      http.get(`${BASE_URL}/nessie/refs`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: 'Nessie at http://nessie:19120 did not answer',
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    await renderInTestApp(<NessieRefs />, { apis: [lakehouseApiPair()] });
    expect(
      await screen.findByText('Error: Could not read Nessie'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'HTTP 503: Nessie at http://nessie:19120 did not answer',
      ),
    ).toBeInTheDocument();
  });
});
