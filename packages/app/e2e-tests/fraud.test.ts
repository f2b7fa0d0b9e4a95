import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { zipFraudApp } from '@internal/lakehouse-test-utils';
import {
  guestToken,
  jobState,
  repoRoot,
  screenshot,
  signInAsGuest,
} from './portal';

/**
 * The fraud dashboard on the real pipeline: the deterministic clickstream with known fraudsters,
 * the platform's fraud detector (apps/fraud-detection) submitted through the portal's submit API,
 * its Iceberg table read by the dashboard. The page first says what to run, then shows the
 * injected fraudsters.
 */
const LP = path.join(repoRoot, 'local-platform/lp');
const NESSIE = 'http://127.0.0.1:19120/iceberg/v1/main';
const S3 = 'http://127.0.0.1:8333';

interface Truth {
  burst_fraudsters: { user_id: string }[];
  failed_payment_fraudsters: { user_id: string }[];
}

test('the fraud dashboard says what to run, then shows the injected fraudsters', async ({
  page,
  request,
}) => {
  test.setTimeout(420_000);
  execFileSync(LP, ['datagen'], { stdio: 'pipe', timeout: 120_000 });
  const env = Object.fromEntries(
    execFileSync(LP, ['env'], { encoding: 'utf8' })
      .split('\n')
      .map(l => /^export (\w+)='(.*)'$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => !!m)
      .map(m => [m[1], m[2]]),
  );
  const truth: Truth = JSON.parse(
    execFileSync(
      path.join(repoRoot, 'local-platform/.install/venvs/tools/bin/python'),
      [
        '-c',
        `import boto3; print(boto3.client("s3", endpoint_url="${S3}").get_object(Bucket="warehouse", Key="data/ground_truth.json")["Body"].read().decode())`,
      ],
      { encoding: 'utf8', env: { ...process.env, ...env } },
    ),
  );
  const fraudsters = [
    ...truth.burst_fraudsters,
    ...truth.failed_payment_fraudsters,
  ].map(f => f.user_id);

  // A fresh table: drop what an earlier run left.
  const dropped = await request.delete(
    `${NESSIE}/namespaces/fraud/tables/alerts?purgeRequested=true`,
  );
  expect([204, 404]).toContain(dropped.status());

  await signInAsGuest(page);
  await expect(async () => {
    await page.goto('/fraud');
    await expect(page.getByText(/No alerts table yet/)).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByText(/start the fraud detection job/)).toBeVisible();
  await screenshot(page, 'fraud-no-table');

  const headers = { authorization: `Bearer ${await guestToken(request)}` };
  const submitted = await request.post('/api/lakehouse/jobs/flink/local', {
    headers,
    data: {
      name: 'fraud-detection',
      entrypoint: 'main.py',
      project: { zipBase64: await zipFraudApp({ bounded: true }) },
    },
  });
  expect(submitted.status(), await submitted.text()).toBe(201);
  const { jobId } = await submitted.json();
  await expect
    .poll(() => jobState(request, headers, 'flink', jobId), {
      timeout: 240_000,
      intervals: [2_000],
    })
    .toBe('SUCCEEDED');

  await expect(async () => {
    await page.reload();
    await expect(page.getByLabel('Alerts', { exact: true })).toHaveText(
      String(fraudsters.length),
      { timeout: 5_000 },
    );
  }).toPass({ timeout: 90_000 });
  await expect(page.getByLabel('Flagged users', { exact: true })).toHaveText(
    String(fraudsters.length),
  );
  // Few enough (5) to all show in the top users and on the first page of the latest alerts.
  for (const user of fraudsters) {
    await expect(page.getByText(user).first()).toBeVisible();
  }
  await screenshot(page, 'fraud-dashboard');

  // The detector's entity page: its card (annotation fraud.lakehouse.io/alerts-table) leads back here.
  await page.goto('/catalog/default/component/fraud-detection');
  await expect(page.getByText('Fraud alerts (fraud.alerts)')).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByLabel('Alerts in the last hour')).toBeVisible();
  await screenshot(page, 'fraud-entity-card');
  await page.getByRole('link', { name: 'Open the fraud dashboard' }).click();
  await expect(page).toHaveURL(/\/fraud$/);
  await expect(page.getByLabel('Flagged users', { exact: true })).toBeVisible();
});
