import { test, expect } from '@playwright/test';
import { declaredEntities, screenshot, signInAsGuest } from './portal';

test('the catalog lists every platform component', async ({ page }) => {
  const components = declaredEntities().filter(e => e.kind === 'Component');
  expect(components.length).toBeGreaterThanOrEqual(7);

  await signInAsGuest(page);
  await page.goto('/catalog?filters[kind]=component&filters[user]=all');
  const table = page.getByRole('table');
  for (const c of components) {
    await expect(
      table.getByRole('link', { name: c.metadata.title ?? c.metadata.name, exact: true }),
    ).toBeVisible();
  }
  await screenshot(page, 'catalog-components');
});

test('the Spark component page shows its relations and links', async ({ page }) => {
  const spark = declaredEntities().find(
    e => e.kind === 'Component' && e.metadata.name === 'spark',
  )!;
  const links = (spark as any).metadata.links as { title: string; url: string }[];
  expect(links.length).toBeGreaterThan(0);

  await signInAsGuest(page);
  await page.goto('/catalog/default/component/spark');

  // About card: owner and system are relations resolved by the catalog.
  const about = page.locator('article, div').filter({ has: page.getByText('About', { exact: true }) }).first();
  await expect(about.getByRole('link', { name: /lakehouse-platform/i }).first()).toBeVisible();
  await expect(about.getByRole('link', { name: /platform-team/i }).first()).toBeVisible();

  // Links card: every link of the entity, with its URL.
  for (const link of links) {
    const anchor = page.getByRole('link', { name: link.title, exact: true }).first();
    await expect(anchor).toBeVisible();
    await expect(anchor).toHaveAttribute('href', link.url);
  }

  // Relations graph: the components and resources Spark depends on.
  for (const dep of ['nessie', 'minio']) {
    await expect(page.locator('svg').getByText(dep, { exact: true }).first()).toBeVisible();
  }
  await screenshot(page, 'spark-overview');

  // Its API, on the APIs tab.
  await page.getByRole('tab', { name: 'APIs' }).click();
  await expect(page.getByRole('link', { name: 'spark-master-api' }).first()).toBeVisible();
  await screenshot(page, 'spark-apis');
});
