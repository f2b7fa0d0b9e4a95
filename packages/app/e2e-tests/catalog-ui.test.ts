import { test, expect } from '@playwright/test';
import { declaredEntities, screenshot, signInAsGuest } from './portal';

test('the catalog lists every platform component', async ({ page }) => {
  const components = declaredEntities().filter(e => e.kind === 'Component');
  expect(components.length).toBeGreaterThanOrEqual(7);

  await signInAsGuest(page);
  await page.goto('/?filters[kind]=component&filters[user]=all');
  const table = page.getByRole('table');
  for (const c of components) {
    await expect(
      table.getByRole('link', {
        name: c.metadata.title ?? c.metadata.name,
        exact: true,
      }),
    ).toBeVisible();
  }
  await screenshot(page, 'catalog-components');
});

test('the Spark component page shows its relations and links', async ({
  page,
}) => {
  const spark = declaredEntities().find(
    e => e.kind === 'Component' && e.metadata.name === 'spark',
  )!;
  const links = (spark as any).metadata.links as {
    title: string;
    url: string;
  }[];
  expect(links.length).toBeGreaterThan(0);

  await signInAsGuest(page);
  await page.goto('/catalog/default/component/spark');

  // About card: owner and system are relations resolved by the catalog.
  await expect(page.getByText('About', { exact: true }).first()).toBeVisible();
  await expect(
    page.getByRole('link', { name: /lakehouse.platform/i }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: /platform.team/i }).first(),
  ).toBeVisible();

  // Links card: every link of the entity, with its URL.
  for (const link of links) {
    await expect(
      page
        .locator(`a[href="${link.url}"]`)
        .filter({ hasText: link.title })
        .first(),
    ).toBeVisible();
  }

  // dependsOn relations: the components and resources Spark needs.
  await expect(page.getByText('Depends on components')).toBeVisible();
  for (const dep of [/^nessie$/i, /^minio$/i, /warehouse/i]) {
    await expect(page.getByRole('link', { name: dep }).first()).toBeVisible();
  }
  await screenshot(page, 'spark-overview');

  // Its API, on the APIs tab.
  await page.goto('/catalog/default/component/spark/apis');
  await expect(
    page.getByRole('link', { name: /spark master api/i }).first(),
  ).toBeVisible();
  await screenshot(page, 'spark-apis');
});
