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
    for (const engine of engines) {
      for (const round of ['cold', 'warm']) {
        const t0 = Date.now();
        await page.goto(`${baseUrl}/data-platform/${engine}`);
        await page.locator('table tbody tr').first().waitFor({ timeout: 30_000 });
        out[`${engine} (${round})`] = `${Date.now() - t0} ms to the first rows`;
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}
