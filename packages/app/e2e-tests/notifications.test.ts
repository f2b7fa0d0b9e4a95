import { test, expect } from '@playwright/test';
import JSZip from 'jszip';
import { guestToken, screenshot, signInAsGuest } from './portal';

/**
 * A job the guest submits through the portal fails on the real Ray: the backend's poll sees it fail,
 * keeps its log tail, and the guest (its submitter) gets a Backstage notification with the error.
 */
test('a failed job notifies its submitter, with the error and a link to the job', async ({
  page,
  request,
}) => {
  const name = `e2e-fails-${Date.now()}`;
  const token = await guestToken(request);
  const zipBase64 = await new JSZip()
    .file('fails.py', 'raise ValueError("e2e bad input row 7")\n')
    .generateAsync({ type: 'base64' });
  const submitted = await request.post('/api/lakehouse/jobs/ray/local', {
    headers: { Authorization: `Bearer ${token}` },
    data: { name, entrypoint: 'fails.py', project: { zipBase64 } },
  });
  expect(submitted.status()).toBe(201);

  await signInAsGuest(page);
  await expect(async () => {
    await page.goto('/notifications');
    await expect(page.getByText(`Ray job '${name}' failed`)).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000 });
  // The description ends with the error (the end of the job's log); the page shows its first lines.
  const showMore = page.getByRole('button', { name: 'Show more' });
  if (await showMore.count()) await showMore.first().click();
  await expect(
    page.getByText(/ValueError: e2e bad input row 7/).first(),
  ).toBeVisible();
  const { jobId } = await submitted.json();
  await expect(
    page
      .locator(`a[href*="/data-platform/ray?instance=local&job=${jobId}"]`)
      .first(),
  ).toBeVisible();
  await screenshot(page, 'notifications-failed-job');
});
