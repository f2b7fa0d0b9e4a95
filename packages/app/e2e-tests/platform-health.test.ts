import { test, expect, type Page } from '@playwright/test';
import { screenshot, signInAsGuest } from './portal';

/**
 * Nessie's and the object store's health cards on their components (annotated lakehouse.io/platform-service
 * in catalog-info.yaml), checked against the local platform's real Nessie and SeaweedFS.
 */
async function healthCard(page: Page, component: string, title: string) {
  await page.goto(`/catalog/default/component/${component}`);
  const card = page.getByRole('table', { name: `${title} health` });
  await expect(card.getByText('reachable', { exact: true })).toBeVisible({
    timeout: 30_000,
  });
  return card;
}

test("Nessie's and MinIO's pages show their service's health", async ({
  page,
}) => {
  await signInAsGuest(page);

  const nessie = await healthCard(page, 'nessie', 'Nessie');
  await expect(nessie.getByLabel('Version', { exact: true })).toHaveText(
    /^API v2, spec \d/,
  );
  await expect(
    nessie.getByLabel('Branches and tags', { exact: true }),
  ).toContainText('main');
  await expect(nessie.getByLabel('Latency', { exact: true })).toHaveText(
    /^\d+ ms$/,
  );
  await screenshot(page, 'platform-health-nessie');

  const s3 = await healthCard(page, 'minio', 'Object store (S3)');
  await expect(s3.getByLabel('Version', { exact: true })).toContainText(
    'SeaweedFS',
  );
  await expect(s3.getByLabel('Buckets', { exact: true })).toContainText(
    'warehouse',
  );
  await screenshot(page, 'platform-health-minio');
});
