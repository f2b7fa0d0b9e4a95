import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  LocalPlatform,
  REPO_ROOT,
  waitFor,
} from '@internal/lakehouse-test-utils';
import request from 'supertest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualScheduler } from '@internal/plugin-lakehouse-backend/testUtils';
import { catalogModuleLakehouse } from '../module';

/**
 * The provider against a real Nessie (Iceberg REST): a table created through the catalog API
 * appears in the software catalog with its schema's shape within one refresh, a table that a
 * hand-written entity claims is not given twice, and a dropped table disappears; a configured
 * branch's tables are entities of their own; a Nessie that stops answering changes nothing.
 */
jest.setTimeout(300_000);

const platform = new LocalPlatform();
const run = Math.random().toString(36).slice(2, 8);
const ns = `it_tables_${run}`;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
// The refresh runs when the test says: one run is one refresh interval.
const tasks = manualScheduler();
const refresh = () => tasks.runTask('lakehouse-iceberg-tables');
let rest: string;

/** The Iceberg REST API of the local Nessie, under its warehouse prefix. */
async function iceberg(
  method: string,
  path: string,
  body?: unknown,
  base = rest,
) {
  const res = await fetch(`${base}/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok && res.status !== 409)
    throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

const branch = `it-branch-${run}`;
const createTable = (
  name: string,
  properties: Record<string, string> = {},
  base = rest,
) =>
  iceberg(
    'POST',
    `namespaces/${ns}/tables`,
    {
      name,
      // Nessie requires it said (Iceberg's spec makes it optional).
      'stage-create': false,
      schema: {
        type: 'struct',
        fields: [
          { id: 1, name: 'user_id', type: 'string', required: true },
          { id: 2, name: 'score', type: 'double', required: false },
        ],
      },
      properties,
    },
    base,
  );

const entity = (name: string) =>
  request(backend.server).get(
    `/api/catalog/entities/by-name/resource/default/${name}`,
  );

/** A catalog-info file whose Resource claims the table `claimed` by annotation. */
function handWritten(): string {
  const file = join(
    mkdtempSync(join(tmpdir(), 'tables-it-')),
    'catalog-info.yaml',
  );
  writeFileSync(
    file,
    `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: claimed-by-hand
  annotations:
    lakehouse.io/iceberg-table: ${ns}.claimed
spec:
  type: iceberg-table
  owner: group:default/platform-team
`,
  );
  return file;
}

beforeAll(async () => {
  await platform.start(['s3', 'nessie']);
  const config = await (
    await fetch(
      `${platform.env.NESSIE_URL}/iceberg/v1/config?warehouse=warehouse`,
    )
  ).json();
  const prefix = config.overrides?.prefix ?? config.defaults?.prefix;
  // As iceberg-js sends it: the prefix as the catalog wrote it (Nessie: main|warehouse).
  rest = `${platform.env.NESSIE_URL}/iceberg/v1/${prefix}`;
  await iceberg('POST', 'namespaces', { namespace: [ns] });
  await createTable('claimed');
  // A branch from main, with one table of its own.
  const nessie = `${platform.env.NESSIE_URL}/api/v2`;
  const main = await (await fetch(`${nessie}/trees/main`)).json();
  const created = await fetch(`${nessie}/trees?name=${branch}&type=BRANCH`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(main.reference),
  });
  if (created.status !== 200) {
    throw new Error(`creating branch ${branch}: HTTP ${created.status}`);
  }
  await createTable(
    'experiment',
    {},
    `${platform.env.NESSIE_URL}/iceberg/v1/${encodeURIComponent(
      `${branch}|warehouse`,
    )}`,
  );
  backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleLakehouse,
      tasks.factory,
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [{ allow: ['Resource'] }],
            // A hand-written entity that stands for one of the tables.
            locations: [{ type: 'file', target: handWritten() }],
          },
          lakehouse: {
            catalog: {
              icebergTables: {
                catalogUri: `${platform.env.NESSIE_URL}/iceberg`,
                defaultOwner: 'group:default/platform-team',
                owners: { [ns]: 'group:default/ml-team' },
                branches: [branch],
                timeout: '3s',
              },
            },
          },
        },
      }),
    ],
  });
}, 600_000);

afterAll(async () => {
  await backend?.stop();
  await platform.stop();
}, 300_000);

it('a new table appears within one refresh with its shape and owner; a dropped one disappears', async () => {
  await createTable('scores', { comment: 'Scores per user' });
  await refresh();
  const body = await waitFor(
    'the new table in the catalog',
    async () => {
      const res = await entity(`${ns}.scores`);
      return res.status === 200 ? res.body : undefined;
    },
    30_000,
    500,
  );
  expect(body).toMatchObject({
    kind: 'Resource',
    metadata: {
      title: `${ns}.scores`,
      description: 'Scores per user',
      annotations: {
        'lakehouse.io/iceberg-table': `${ns}.scores`,
        'lakehouse.io/table-uuid': expect.stringMatching(/^[0-9a-f-]{36}$/),
        'lakehouse.io/table-location':
          expect.stringMatching(/^s3:\/\/warehouse\//),
      },
    },
    spec: {
      type: 'iceberg-table',
      owner: 'group:default/ml-team',
      system: 'system:default/lakehouse-platform',
    },
  });
  // Given by hand: not given twice (once the hand-written entity is in, the next refresh leaves the table out).
  await waitFor(
    'the hand-written entity',
    async () =>
      (await entity('claimed-by-hand')).status === 200 ? true : undefined,
    30_000,
    500,
  );
  await refresh();
  await waitFor(
    'the claimed table to be given only by hand',
    async () =>
      (await entity(`${ns}.claimed`)).status === 404 ? true : undefined,
    30_000,
    500,
  );

  await iceberg('DELETE', `namespaces/${ns}/tables/scores?purgeRequested=true`);
  await refresh();
  await waitFor(
    'the dropped table to leave the catalog',
    async () =>
      (await entity(`${ns}.scores`)).status === 404 ? true : undefined,
    30_000,
    500,
  );
  expect((await entity('claimed-by-hand')).status).toBe(200);
});

/** The entity once the catalog has processed it. */
const processed = (name: string) =>
  waitFor(
    `${name} in the catalog`,
    async () => {
      const res = await entity(name);
      return res.status === 200 ? res : undefined;
    },
    30_000,
    500,
  );

it('a table on a configured branch is an entity of its own, read on that branch', async () => {
  await refresh();
  const res = await processed(`${ns}.experiment-on-${branch}`);
  expect(res.body).toMatchObject({
    metadata: {
      title: `${ns}.experiment (on ${branch})`,
      annotations: {
        'lakehouse.io/iceberg-table': `${ns}.experiment`,
        'lakehouse.io/iceberg-ref': branch,
      },
    },
    spec: { type: 'iceberg-table', owner: 'group:default/ml-team' },
  });
  // Not on main; main's tables are on the branch too (it was made from main), under their own names.
  expect((await entity(`${ns}.experiment`)).status).toBe(404);
  await processed(`${ns}.claimed-on-${branch}`);
});

it('keeps every entity while Nessie does not answer, and picks up again when it does', async () => {
  await createTable('steady');
  await refresh();
  await processed(`${ns}.steady`);
  // The real Nessie process stopped (SIGSTOP): connections hang until the provider's 3 s timeout.
  const pid = Number(
    readFileSync(
      join(REPO_ROOT, 'local-platform/.run/nessie-server.pid'),
      'utf8',
    ),
  );
  process.kill(pid, 'SIGSTOP');
  try {
    const started = Date.now();
    await refresh();
    expect(Date.now() - started).toBeLessThan(60_000);
    expect((await entity(`${ns}.steady`)).status).toBe(200);
    expect((await entity(`${ns}.experiment-on-${branch}`)).status).toBe(200);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  await iceberg('DELETE', `namespaces/${ns}/tables/steady?purgeRequested=true`);
  await refresh();
  await waitFor(
    'the dropped table to leave the catalog once Nessie answers again',
    async () =>
      (await entity(`${ns}.steady`)).status === 404 ? true : undefined,
    30_000,
    500,
  );
});
