// Time from opening the Data platform page to its first job rows, per engine tab, in Debian's Chromium.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '../..');

export async function timeToFirstRows(baseUrl, engines) {
  if (!fs.existsSync(path.join(root, 'packages/app/dist/index.html'))) {
    return { skipped: 'not measured: packages/app/dist is missing (run `yarn workspace app build`)' };
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const out = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    await page.goto(baseUrl);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByRole('heading', { name: /Catalog/ }).first().waitFor();
    // Opening the page from the sidebar, as an engineer does (the app is loaded; no reload).
    {
      const t0 = Date.now();
      await page.getByRole('link', { name: 'Data platform' }).first().click();
      await page.locator('table tbody tr').first().waitFor({ timeout: 30_000 });
      out['from the sidebar'] = `${Date.now() - t0} ms to the first rows`;
    }
    for (const engine of engines) {
      for (const round of ['cold', 'warm']) {
        const t0 = Date.now();
        await page.goto(`${baseUrl}/data-platform/${engine}`);
        await page.locator('table tbody tr').first().waitFor({ timeout: 30_000 });
        out[`${engine} (${round} full page load)`] = `${Date.now() - t0} ms to the first rows`;
      }
    }
    // Switching tabs inside the page (no reload): what an engineer does most.
    const titles = { spark: 'Spark', flink: 'Flink', ray: 'Ray' };
    for (const engine of [...engines.slice(1), engines[0]]) {
      const t0 = Date.now();
      await page
        .getByRole('tab', { name: titles[engine] })
        .or(page.getByRole('link', { name: titles[engine], exact: true }))
        .first()
        .click();
      await page.waitForURL(`**/data-platform/${engine}`);
      await page.getByText(`${titles[engine]} 'big'`).first().waitFor();
      await page.locator('table tbody tr').first().waitFor({ timeout: 30_000 });
      out[`${engine} (tab switch)`] = `${Date.now() - t0} ms to the first rows`;
    }
  } finally {
    await browser.close();
  }
  return out;
}
