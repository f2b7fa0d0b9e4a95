import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { zipPlatformApp } from '@internal/lakehouse-test-utils';
import {
  guestToken,
  jobState,
  repoRoot,
  screenshot,
  signInAsGuest,
} from './portal';

/**
 * The table pages on tables a real Spark run wrote: the platform's batch ETL (apps/batch-etl) loads
 * the demo CSVs into a namespace of its own, the catalog's table provider makes entities of the
 * tables (no hand-written YAML), and each entity's Table tab reads Nessie and S3. Locally the guest
 * speaks for the fraud streaming team but not the platform team (app-config.yaml), so it may read
 * the rows of a table that team owns and not of one the platform team owns.
 */
const LP = path.join(repoRoot, 'local-platform/lp');
const NESSIE = 'http://127.0.0.1:19120';
const run = Math.random().toString(36).slice(2, 8);
const namespace = `e2e_tables_${run}`;

test("a Spark run's tables get entity pages: schema, snapshots, commits, rows allowed and denied, Nessie's refs, lineage", async ({
  page,
  request,
}) => {
  test.setTimeout(660_000);
  execFileSync(LP, ['datagen'], { stdio: 'pipe', timeout: 120_000 });
  const headers = { authorization: `Bearer ${await guestToken(request)}` };
  const submitted = await request.post('/api/lakehouse/jobs/spark/local', {
    headers,
    data: {
      // The batch ETL's own job name: its component (apps/batch-etl) claims the run's lineage.
      name: 'batch-etl',
      entrypoint: 'main.py',
      env: {
        ETL_NAMESPACE: namespace,
        ETL_USERS: 's3a://warehouse/data/users.csv',
        ETL_PRODUCTS: 's3a://warehouse/data/products.csv',
      },
      project: {
        zipBase64: await zipPlatformApp('batch-etl', 'batch_etl/app.json'),
      },
    },
  });
  expect(submitted.status(), await submitted.text()).toBe(201);
  const { jobId } = await submitted.json();
  await expect
    .poll(() => jobState(request, headers, 'spark', jobId), {
      timeout: 240_000,
      intervals: [3_000],
    })
    .toBe('SUCCEEDED');

  // The products table is given to the fraud streaming team by its owner property (a commit on main).
  const owned = await request.post(
    `${NESSIE}/iceberg/v1/main%7Cwarehouse/namespaces/${namespace}/tables/products`,
    {
      data: {
        requirements: [],
        updates: [
          {
            action: 'set-properties',
            updates: { owner: 'group:default/fraud-streaming-team' },
          },
        ],
      },
    },
  );
  expect(owned.status(), await owned.text()).toBe(200);

  await signInAsGuest(page);
  // Within one refresh of the provider (30 s locally).
  await expect(async () => {
    await page.goto(`/catalog/default/resource/${namespace}.users/table`);
    await expect(page.getByRole('table', { name: 'Schema' })).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000 });
  const schema = page.getByRole('table', { name: 'Schema' });
  for (const column of ['user_id', 'signup_date', 'features']) {
    await expect(schema.getByText(column, { exact: true })).toBeVisible();
  }
  await expect(schema.getByText('list<double>')).toBeVisible();
  const snapshots = page.getByRole('table', { name: 'Snapshots' });
  await expect(snapshots.getByRole('row')).not.toHaveCount(1);
  await expect(page.getByLabel('Records', { exact: true })).not.toHaveText(
    'no snapshot yet',
  );
  await expect(
    page
      .getByRole('table', { name: 'Commits' })
      .getByText(`ICEBERG_TABLE ${namespace}.users`)
      .first(),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Show sample rows' }).click();
  await expect(
    page.getByText('Missing permission lakehouse.table.read-data', {
      exact: false,
    }),
  ).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'table-page-denied');

  await expect(async () => {
    await page.goto(`/catalog/default/resource/${namespace}.products`);
    await expect(
      page.getByRole('link', { name: /fraud-streaming-team/ }).first(),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  await page.goto(`/catalog/default/resource/${namespace}.products/table`);
  await page.getByRole('button', { name: 'Show sample rows' }).click();
  const rows = page.getByRole('table', { name: 'Sample rows' });
  await expect(rows).toBeVisible({ timeout: 30_000 });
  await expect(rows.getByRole('columnheader', { name: 'price' })).toBeVisible();
  expect(await rows.getByRole('row').count()).toBeGreaterThan(1);
  await screenshot(page, 'table-page-rows');

  await page.goto('/data-platform/nessie');
  const refs = page.getByRole('table', { name: 'Branches and tags' });
  await expect(refs.getByText('main (default)')).toBeVisible({
    timeout: 30_000,
  });
  await screenshot(page, 'nessie-refs');

  // Lineage: the run reported (OpenLineage) the CSVs it read and the tables it wrote; the catalog's
  // processor makes them relations when it next processes the ETL's component (refreshed here).
  const lineage = await request.get('/api/lakehouse/lineage?job=batch-etl', {
    headers,
  });
  expect(lineage.status()).toBe(200);
  const edges: { direction: string; dataset: { icebergTable?: string } }[] = (
    await lineage.json()
  ).edges;
  // Written, and only written (Spark's listener reports a write under the table's location and its name).
  expect(
    new Set(
      edges
        .filter(e => e.dataset.icebergTable === `${namespace}.users`)
        .map(e => e.direction),
    ),
  ).toEqual(new Set(['output']));
  const tableRef = `resource:default/${namespace}.users`;
  await expect
    .poll(
      async () => {
        await request.post('/api/catalog/refresh', {
          headers,
          data: { entityRef: 'component:default/batch-etl' },
        });
        const entity = await request.get(
          `/api/catalog/entities/by-name/resource/default/${namespace}.users`,
          { headers },
        );
        return ((await entity.json()).relations ?? []).map(
          (r: { type: string; targetRef: string }) =>
            `${r.type} ${r.targetRef}`,
        );
      },
      { timeout: 240_000, intervals: [10_000] },
    )
    .toContain('dependsOn component:default/batch-etl');
  const etl = await request.get(
    '/api/catalog/entities/by-name/component/default/batch-etl',
    { headers },
  );
  const etlRelations = ((await etl.json()).relations ?? []).map(
    (r: { type: string; targetRef: string }) => `${r.type} ${r.targetRef}`,
  );
  expect(etlRelations).toEqual(
    expect.arrayContaining([
      'dependsOn resource:default/etl-source-csvs',
      `dependencyOf ${tableRef}`,
    ]),
  );
  // The graph on the table's page: the table, the ETL that writes it, the CSVs the ETL reads.
  await page.goto(`/catalog/default/resource/${namespace}.users`);
  const graph = page
    .getByText('Lineage and dependencies')
    .locator('..')
    .locator('..');
  await expect(page.getByText('Lineage and dependencies')).toBeVisible({
    timeout: 30_000,
  });
  const svg = page.locator('svg');
  await expect(svg.getByText(/Batch ETL/).first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(svg.getByText('s3://warehouse/data/').first()).toBeVisible();
  await graph.scrollIntoViewIfNeeded();
  await screenshot(page, 'table-lineage-graph');
});
