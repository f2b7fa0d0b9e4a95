import type { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type {
  NessieRefsResponse,
  TableCommitsResponse,
  TableDetailResponse,
  TableDiffResponse,
  TableRowsResponse,
} from '@internal/plugin-lakehouse-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { BASE_URL, lakehouseApiPair } from '../../__testUtils__/backend';
import { IcebergTableContent } from './IcebergTableContent';

const server = setupServer();
registerMswTestHooks(server);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'fraud.alerts',
    annotations: { 'lakehouse.io/iceberg-table': 'fraud.alerts' },
  },
  spec: { type: 'iceberg-table', owner: 'fraud-streaming-team' },
};

const snapshot = (i: number) => ({
  id: String(7394102918301128000 + i),
  timestampMs: Date.UTC(2026, 11, 1, 8, 0, i),
  operation: 'append',
  addedRecords: 3,
  deletedRecords: 0,
  addedFiles: 1,
  deletedFiles: 0,
  totalRecords: 3 * (i + 1),
});

function detail(ref: string, snapshots = 40): TableDetailResponse {
  const list = Array.from({ length: snapshots }, (_, i) =>
    snapshot(i),
  ).reverse();
  return {
    table: 'fraud.alerts',
    ref,
    uuid: 'uuid-1',
    location: 's3://warehouse/fraud/alerts',
    formatVersion: 2,
    fields: [
      {
        id: 1,
        name: 'user_id',
        type: 'string',
        required: true,
        doc: 'who',
        depth: 0,
      },
      { id: 2, name: 'geo', type: 'struct', required: false, depth: 0 },
      { id: 3, name: 'geo.country', type: 'string', required: false, depth: 1 },
    ],
    partitionSpec: [
      { name: 'window_end_day', source: 'window_end', transform: 'day' },
    ],
    sortOrder: [],
    properties: { owner: 'group:default/fraud-streaming-team' },
    currentSnapshotId: list[0]?.id,
    size: { records: 3 * snapshots, dataFiles: snapshots, bytes: 123_456 },
    snapshots: list,
    snapshotCount: snapshots,
    lastUpdatedMs: Date.UTC(2026, 11, 1, 8, 1),
  };
}

const refs: NessieRefsResponse = {
  defaultBranch: 'main',
  references: [
    { name: 'main', type: 'BRANCH', hash: 'a8ab162c40aa' },
    {
      name: 'dev',
      type: 'BRANCH',
      hash: '9eac52c2c851',
      commitsAhead: 1,
      commitsBehind: 0,
    },
  ],
};

function handlers(rows: 'allowed' | 'denied' = 'allowed') {
  const asked: string[] = [];
  server.use(
    http.get(`${BASE_URL}/nessie/refs`, () => HttpResponse.json(refs)),
    http.get(`${BASE_URL}/tables/:table`, ({ request }) => {
      const ref = new URL(request.url).searchParams.get('ref') ?? 'main';
      asked.push(`detail@${ref}`);
      return HttpResponse.json(detail(ref, ref === 'dev' ? 41 : 40));
    }),
    http.get(`${BASE_URL}/tables/:table/commits`, ({ request }) => {
      const ref = new URL(request.url).searchParams.get('ref') ?? 'main';
      const count = ref === 'dev' ? 41 : 40;
      const body: TableCommitsResponse = {
        table: 'fraud.alerts',
        ref,
        hasMore: false,
        commits: Array.from({ length: count }, (_, i) => ({
          hash: `c0ffee${String(i).padStart(10, '0')}`,
          author: 'flink',
          message: `Update ICEBERG_TABLE fraud.alerts #${i} on ${ref}`,
          time: new Date(Date.UTC(2026, 11, 1, 8, 0, i)).toISOString(),
          snapshot: snapshot(i),
        })).reverse(),
      };
      return HttpResponse.json(body);
    }),
    http.get(`${BASE_URL}/tables/:table/diff`, ({ request }) => {
      const q = new URL(request.url).searchParams;
      asked.push(`diff ${q.get('from')}..${q.get('to')}`);
      const body: TableDiffResponse = {
        table: 'fraud.alerts',
        from: {
          ref: q.get('from')!,
          exists: true,
          size: { records: 123, dataFiles: 1, bytes: 1 },
        },
        to: {
          ref: q.get('to')!,
          exists: true,
          size: { records: 120, dataFiles: 1, bytes: 1 },
        },
        identical: false,
        columns: {
          added: [
            { id: 9, name: 'score', type: 'double', required: false, depth: 0 },
          ],
          removed: [],
          changed: [],
        },
        properties: [],
        snapshots: { onlyInTo: [], onlyInFrom: [snapshot(40)] },
      };
      return HttpResponse.json(body);
    }),
    http.get(`${BASE_URL}/tables/:table/rows`, () => {
      asked.push('rows');
      if (rows === 'denied') {
        return HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Missing permission lakehouse.table.read-data',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        );
      }
      const body: TableRowsResponse = {
        table: 'fraud.alerts',
        ref: 'main',
        snapshotId: '1',
        columns: ['user_id', 'geo'],
        rows: [
          { user_id: 'user-42', geo: '{"country":"DE"}' },
          { user_id: 'user-7', geo: null },
        ],
        truncated: true,
      };
      return HttpResponse.json(body);
    }),
  );
  return asked;
}

const render = () =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <IcebergTableContent />
    </EntityProvider>,
    { apis: [lakehouseApiPair()] },
  );

describe('the Table tab of an Iceberg table', () => {
  it('shows the schema, layout, size, snapshot timeline and commits at the default branch', async () => {
    const asked = handlers();
    await render();
    expect(await screen.findByText('geo.country')).toBeInTheDocument();
    const schema = screen.getByRole('table', { name: 'Schema' });
    expect(within(schema).getByText('who')).toBeInTheDocument();
    expect(screen.getByText('window_end_day')).toBeInTheDocument();
    expect(screen.getByText('123.5 kB')).toBeInTheDocument();
    // A long history shows its newest commits first and the rest on demand, each with its snapshot.
    const snapshots = await screen.findByRole('table', { name: 'Commits' });
    expect(within(snapshots).getAllByRole('row')).toHaveLength(26);
    expect(within(snapshots).getAllByText('+3 / −0')).toHaveLength(25);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 40 commits' }),
    );
    expect(within(snapshots).getAllByRole('row')).toHaveLength(41);
    expect(
      await screen.findByText('Update ICEBERG_TABLE fraud.alerts #39 on main'),
    ).toBeInTheDocument();
    expect(asked).toEqual(['detail@main']);
  });

  it('asks for the commits with the table, not once the table has answered', async () => {
    handlers();
    const order: string[] = [];
    // Resolvers that return nothing fall through to the handlers above.
    server.use(
      http.get(`${BASE_URL}/tables/:table/commits`, () => {
        order.push('commits asked');
      }),
      http.get(`${BASE_URL}/tables/:table`, async () => {
        await delay(200);
        order.push('table answered');
      }),
    );
    await render();
    await screen.findByRole('table', { name: 'Commits' });
    expect(order).toEqual(['commits asked', 'table answered']);
  });

  it('reads the table at another branch, and compares it', async () => {
    const asked = handlers();
    await render();
    await screen.findByText('geo.country');
    await userEvent.click(
      screen.getByRole('button', { name: /Branch or tag/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'dev (branch)' }),
    );
    expect(
      await screen.findByText('Update ICEBERG_TABLE fraud.alerts #40 on dev'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /Compare with/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'main (branch)' }),
    );
    expect(await screen.findByText('score: double')).toBeInTheDocument();
    expect(
      screen.getByText(/Records: 123 on main, 120 on dev/),
    ).toBeInTheDocument();
    expect(asked).toEqual(['detail@main', 'detail@dev', 'diff main..dev']);
  });

  it('reads sample rows only when asked, and shows them', async () => {
    const asked = handlers();
    await render();
    await screen.findByText('geo.country');
    expect(asked).not.toContain('rows');
    await userEvent.click(
      screen.getByRole('button', { name: 'Show sample rows' }),
    );
    const rows = await screen.findByRole('table', { name: 'Sample rows' });
    expect(within(rows).getByText('user-42')).toBeInTheDocument();
    expect(within(rows).getByText('{"country":"DE"}')).toBeInTheDocument();
    expect(within(rows).getByText('null')).toBeInTheDocument();
    expect(screen.getByText(/the table has more/)).toBeInTheDocument();
  });

  it("says why when the user may not read the table's rows, and the rest still shows", async () => {
    handlers('denied');
    await render();
    await screen.findByText('geo.country');
    await userEvent.click(
      screen.getByRole('button', { name: 'Show sample rows' }),
    );
    expect(
      await screen.findByText('Error: Could not show sample rows'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'HTTP 403: Missing permission lakehouse.table.read-data',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('geo.country')).toBeInTheDocument();
  });

  it('says what failed when Nessie is down', async () => {
    server.use(
      http.get(`${BASE_URL}/nessie/refs`, () => HttpResponse.json(refs)),
      http.get(`${BASE_URL}/tables/:table`, () =>
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
    await render();
    expect(
      await screen.findByText('Error: Could not read fraud.alerts from Nessie'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByText(
          'HTTP 503: Nessie at http://nessie:19120 did not answer',
        ),
      ).toBeInTheDocument(),
    );
  });
});
