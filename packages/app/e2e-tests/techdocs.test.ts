import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, screenshot, signInAsGuest } from './portal';

/**
 * TechDocs built by the backend's local builder (`mkdocs` with mkdocs-techdocs-core, from the venv
 * `./portal test` installs) and rendered on the entity pages. The headings checked exist only in the
 * markdown, so they show only if mkdocs really built it.
 */
test.describe.configure({ timeout: 180_000 });

/** The `## ` headings of a markdown file, as written. */
function headings(file: string): string[] {
  return fs
    .readFileSync(path.join(repoRoot, file), 'utf8')
    .split('\n')
    .filter(line => line.startsWith('## '))
    .map(line => line.slice(3).trim());
}

/** A heading of the rendered docs (mkdocs adds a ¶ permalink to each). */
function docHeading(page: Page, text: string) {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByRole('heading', { name: new RegExp(`^${escaped}\\s*¶?$`) });
}

async function openDocsTab(page: Page, entityPath: string) {
  await page.goto(`/catalog/${entityPath}`);
  // The entity page's tab of the TechDocs plugin (entity-content:techdocs).
  const tab = page.getByRole('link', { name: 'TechDocs', exact: true });
  await expect(tab).toBeVisible();
  await tab.click();
  await expect(page).toHaveURL(new RegExp(`/catalog/${entityPath}/docs`));
}

test('an app renders the docs of its own folder', async ({ page }) => {
  const mkdocsYml = path.join(repoRoot, 'apps/batch-etl/mkdocs.yml');
  const before = fs.readFileSync(mkdocsYml, 'utf8');
  const [first, ...more] = headings('apps/batch-etl/docs/index.md');
  expect(more.length).toBeGreaterThan(0);

  await signInAsGuest(page);
  await openDocsTab(page, 'default/component/batch-etl');
  // The first view builds the site (mkdocs); the reader shows it when the build is done.
  await expect(docHeading(page, first)).toBeVisible({
    timeout: 60_000,
  });
  for (const h of more) {
    await expect(docHeading(page, h)).toBeVisible();
  }
  await expect(
    page.getByRole('cell', { name: 'decimal(10, 2)' }),
  ).toBeVisible();
  await screenshot(page, 'techdocs-batch-etl');
  // The builder rewrites mkdocs.yml in place: it is written as the builder writes it, so the checkout stays clean.
  expect(fs.readFileSync(mkdocsYml, 'utf8')).toBe(before);
});

test("a platform component opens its page of the platform's docs", async ({
  page,
}) => {
  const nessie = headings('docs/pages/nessie.md');
  const spark = headings('docs/pages/spark.md');
  expect(nessie).toContain('Using it');

  await signInAsGuest(page);
  await openDocsTab(page, 'default/component/nessie');
  // The page the entity's techdocs-entity-path names, of the system's site.
  await expect(docHeading(page, 'Using it')).toBeVisible({
    timeout: 60_000,
  });
  for (const h of nessie) {
    await expect(docHeading(page, h)).toBeVisible();
  }
  await screenshot(page, 'techdocs-nessie');

  // The same site, from its own entity: its navigation leads to the other components' pages.
  await page.goto('/docs/default/system/lakehouse-platform');
  await expect(docHeading(page, 'How the pieces fit')).toBeVisible({
    timeout: 60_000,
  });
  await page.getByRole('link', { name: 'Spark', exact: true }).first().click();
  await expect(docHeading(page, spark[0])).toBeVisible();
  await screenshot(page, 'techdocs-platform-spark');
});
