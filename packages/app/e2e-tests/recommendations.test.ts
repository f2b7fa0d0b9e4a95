import { test, expect, type APIRequestContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { zipPlatformApp } from '@internal/lakehouse-test-utils';
import { guestToken, repoRoot, screenshot, signInAsGuest } from './portal';

/**
 * The Recommendations page on the real recommender: ./portal start's own step (train on Ray once,
 * deploy Ray Serve, promote), then a second version trained through the submit API and promoted
 * from the page, rolled back, and tried for a known and an unknown user.
 */
const LP = path.join(repoRoot, 'local-platform/lp');
const PYTHON = path.join(
  repoRoot,
  'local-platform/.install/venvs/tools/bin/python',
);

async function newestVersion(request: APIRequestContext, token: string) {
  const res = await request.get('/api/recommender/versions', {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.ok()).toBe(true);
  return (await res.json()) as {
    versions: { versionId: string; status: string }[];
    promoted: { versionId: string } | null;
  };
}

test('trains, serves, promotes from the page, rolls back, and tries users', async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(600_000);
  execFileSync(LP, ['datagen'], { stdio: 'pipe', timeout: 120_000 });
  // What ./portal start runs: trains once if no version is ready, deploys Serve, promotes the newest.
  execFileSync(
    PYTHON,
    [
      path.join(repoRoot, 'scripts/start-platform-apps.py'),
      baseURL!,
      'recommender',
    ],
    { stdio: 'pipe', timeout: 480_000 },
  );
  const token = await guestToken(request);
  const before = await newestVersion(request, token);
  expect(before.promoted).not.toBeNull();

  const submitted = await request.post('/api/lakehouse/jobs/ray/local', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      name: 'recommender-training',
      entrypoint: 'main.py',
      secrets: ['warehouse-s3'],
      env: {
        REC_CATALOG_URI: 'http://127.0.0.1:19120/iceberg/',
        REC_SEED: '23',
      },
      project: {
        zipBase64: await zipPlatformApp(
          'recommender-training',
          'recommender_training/app.json',
        ),
      },
    },
  });
  expect(submitted.status()).toBe(201);
  let newest = '';
  await expect
    .poll(
      async () => {
        const now = await newestVersion(request, token);
        newest = now.versions[0]?.versionId ?? '';
        return now.versions.filter(v => v.status === 'ready').length;
      },
      { timeout: 300_000, intervals: [3_000] },
    )
    .toBeGreaterThan(before.versions.filter(v => v.status === 'ready').length);

  await signInAsGuest(page);
  await page.goto('/recommendations');
  const versions = page.getByRole('table', { name: 'Model versions' });
  await expect(
    versions.getByRole('row', { name: new RegExp(newest) }),
  ).toBeVisible();
  await expect(page.getByLabel('Precision@10 over versions')).toBeVisible();

  await page.getByRole('button', { name: `Promote ${newest}` }).click();
  await expect(page.getByRole('dialog')).toContainText(`Promote ${newest}?`);
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Promote' })
    .click();
  await expect(
    page.getByText(`Promoted ${newest} (was ${before.promoted!.versionId})`),
  ).toBeVisible();
  await expect(
    versions
      .getByRole('row', { name: new RegExp(newest) })
      .getByText('Promoted'),
  ).toBeVisible();
  // Serve health follows: the replicas load the new version within seconds.
  await expect
    .poll(
      async () => {
        await page.reload();
        await page.getByRole('table', { name: 'Deployments' }).waitFor();
        return page.getByLabel('Served model').textContent();
      },
      { timeout: 60_000, intervals: [3_000] },
    )
    .toContain(newest);
  await screenshot(page, 'recommendations-promoted');

  await page
    .getByRole('button', { name: `Roll back to ${before.promoted!.versionId}` })
    .click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Roll back' })
    .click();
  await expect(
    page.getByText(`Rolled back to ${before.promoted!.versionId}`),
  ).toBeVisible();

  // Try it: a user the model knows (an id from the demo users CSV), then one it does not.
  const userId = execFileSync(
    PYTHON,
    [
      '-c',
      'import boto3; print(boto3.client("s3", endpoint_url="http://127.0.0.1:8333").get_object(Bucket="warehouse", Key="data/users.csv")["Body"].read().decode().splitlines()[1].split(",")[0])',
    ],
    { encoding: 'utf8' },
  ).trim();
  const search = page.getByLabel('Search users by id or name');
  await search.fill(userId);
  const pick = page
    .getByRole('list', { name: 'Users' })
    .getByRole('button', { name: new RegExp(userId) })
    .or(page.getByRole('button', { name: `Try “${userId}” as a user id` }));
  await pick.first().click();
  const products = page.getByRole('table', { name: 'Recommended products' });
  await expect(products.getByRole('row')).toHaveCount(11); // header + the top 10
  await expect(page.getByText('Fallback: popularity')).toHaveCount(0);
  await expect(
    page.getByRole('table', { name: 'Latest events' }),
  ).toBeVisible();
  await screenshot(page, 'recommendations-try-it');

  await search.fill('nobody-the-model-knows');
  await page
    .getByRole('button', { name: 'Try “nobody-the-model-knows” as a user id' })
    .click();
  await expect(page.getByText('Fallback: popularity')).toBeVisible();
});
