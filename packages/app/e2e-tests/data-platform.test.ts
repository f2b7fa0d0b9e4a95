import { test, expect } from '@playwright/test';
import { screenshot, signInAsGuest } from './portal';

/** The local platform's Ray Jobs API (local-platform/lp; ./portal test keeps the engines up). */
const RAY = 'http://127.0.0.1:8265';

test('the Data platform page shows the real engines and a job submitted to Ray', async ({
  page,
  request,
}) => {
  const name = `e2e-${Date.now()}`;
  const submitted = await request.post(`${RAY}/api/jobs/`, {
    data: { entrypoint: `python -c "print('${name}')"`, metadata: { name } },
  });
  expect(submitted.ok()).toBe(true);
  const { submission_id: id } = await submitted.json();
  await expect
    .poll(
      async () =>
        (
          await (await request.get(`${RAY}/api/jobs/${id}`)).json()
        ).status,
      { timeout: 60_000 },
    )
    .toBe('SUCCEEDED');

  await signInAsGuest(page);
  for (const [engine, title] of [
    ['spark', 'Spark'],
    ['flink', 'Flink'],
    ['ray', 'Ray'],
  ]) {
    await page.goto(`/data-platform/${engine}`);
    await expect(page.getByText(`${title} 'local'`).first()).toBeVisible();
    await expect(page.getByText(/updated .* ago/).first()).toBeVisible();
    await expect(page.getByText(/did not answer|Cannot load/)).toHaveCount(0);
    await screenshot(page, `data-platform-${engine}`);
  }

  // The Ray tab lists the job with its state once the backend's next poll has seen it (10 s interval).
  await expect(async () => {
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: name });
    await expect(row).toBeVisible({ timeout: 5_000 });
    await expect(row.getByText('Succeeded', { exact: false })).toBeVisible();
  }).toPass({ timeout: 60_000 });
  await page.getByRole('button', { name }).click();
  const drawer = page.getByRole('region', { name: 'Job details' });
  await expect(drawer.getByText(name).first()).toBeVisible();
  await screenshot(page, 'data-platform-ray-job');

  // Submitted to Ray directly, so not the guest's job: the rerun is confirmed, then refused with the reason.
  await drawer.getByRole('button', { name: 'Rerun', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(`Run '${name}' again?`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Rerun', exact: true }).click();
  await expect(drawer.getByRole('alert')).toContainText('HTTP 403');
});
