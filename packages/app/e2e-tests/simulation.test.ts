import { test, expect, type APIRequestContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { guestToken, repoRoot, screenshot, signInAsGuest } from './portal';

/**
 * The simulation controls on the real simulator: ./portal start's own step submits
 * apps/clickstream-simulator to Ray; the /fraud page then stops it, starts it again at another
 * rate, and the events per second it reports follow. The clickstream service's page shows the
 * same card.
 */
const PYTHON = path.join(
  repoRoot,
  'local-platform/.install/venvs/tools/bin/python',
);

async function simulatorJobs(request: APIRequestContext, token: string) {
  const res = await request.get(
    '/api/lakehouse/jobs?engine=ray&instance=local&q=clickstream-simulator&state=RUNNING,PENDING',
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(res.ok()).toBe(true);
  return ((await res.json()).items as { id: string; name: string }[]).filter(
    j => j.name === 'clickstream-simulator',
  );
}

test('starts, stops and reshapes the simulated clickstream from /fraud', async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(300_000);
  execFileSync(
    PYTHON,
    [
      path.join(repoRoot, 'scripts/start-platform-apps.py'),
      baseURL!,
      'simulator',
      // As ./portal start runs it: events to the local Kafka, every second.
      `kafka://${
        process.env.KAFKA_BOOTSTRAP_SERVERS ?? '127.0.0.1:19092'
      }/clickstream`,
    ],
    { stdio: 'pipe', timeout: 180_000 },
  );
  const token = await guestToken(request);
  try {
    await signInAsGuest(page);
    await page.goto('/fraud');
    const card = page.getByRole('region', { name: 'Clickstream simulation' });
    // The job starts within seconds; its first status follows one interval later.
    await expect(card.getByText('Live', { exact: true })).toBeVisible({
      timeout: 90_000,
    });
    await expect(card.getByText(/events\/s now/)).toBeVisible();

    await card.getByRole('button', { name: 'Stop' }).click();
    await expect(card.getByText('Live · stopped')).toBeVisible({
      timeout: 30_000,
    });
    await expect(
      card.getByText('Stopped: no events are written'),
    ).toBeVisible();

    await card.getByLabel('Rate (events/s)').fill('5');
    await card.getByLabel('Fraudsters per minute').fill('0');
    await card.getByRole('button', { name: 'Apply' }).click();
    await card.getByRole('button', { name: 'Start' }).click();
    // The simulator's own count of the last interval: five events a second.
    await expect(card.getByText('5.0 events/s now')).toBeVisible({
      timeout: 30_000,
    });
    await expect(card.getByText('5 events/s, 0 fraudsters/min')).toBeVisible();
    await screenshot(page, 'fraud-simulation');

    // A rate over what the simulator's users can send is refused before it is asked.
    await card.getByLabel('Rate (events/s)').fill('500');
    await expect(card.getByText(/0 to 32.4 events\/s/)).toBeVisible();
    await expect(card.getByRole('button', { name: 'Apply' })).toBeDisabled();

    // The same card on the clickstream service's page.
    await page.goto('/catalog/default/component/clickstream-service');
    await expect(
      page
        .getByRole('region', { name: 'Clickstream simulation' })
        .getByText('5.0 events/s now'),
    ).toBeVisible({ timeout: 30_000 });
  } finally {
    for (const job of await simulatorJobs(request, token)) {
      await request.post(`/api/lakehouse/jobs/ray/local/${job.id}/cancel`, {
        headers: { Authorization: `Bearer ${token}` },
      });
    }
  }
});
