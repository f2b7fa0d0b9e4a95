#!/usr/bin/env node
// Benchmark of pushed updates (issue 16): how long after an engine reports a job's new state an open Data platform
// page shows it, without a reload. Prints its figures; run with
//   yarn bench:live     (after ./portal test has built the app and installed everything)
// For N short Ray jobs started one after another on the local Ray: the time from Ray reporting SUCCEEDED (its Jobs
// API polled every 50 ms) to the job's row showing "Succeeded" in Chromium, with signals (the backend polls every
// 2 s and pushes a signal; the page refetches) and with the page's signals connection blocked (the page's own
// 10 s polling alone). Custom-resource instances are not measured: they are still listed on an interval.
// Negative figures: the page showed the change before this script's 50 ms polling of Ray saw it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startPortalBackend } from './lib/backend.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const jobs = arg('jobs', 20);
const root = path.resolve(import.meta.dirname, '..');
const log = msg => console.log(`[bench] ${msg}`);
const RAY = 'http://127.0.0.1:8265';
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const describe = xs => `p50 ${percentile(xs, 50)} ms, p95 ${percentile(xs, 95)} ms, max ${Math.max(...xs)} ms (n=${xs.length})`;

if (!fs.existsSync(path.join(root, 'packages/app/dist/index.html'))) {
  console.error('packages/app/dist is missing: run `yarn workspace app build` first (./portal test does)');
  process.exit(1);
}
log('starting the local Ray (local-platform/lp up ray)');
const started = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'started.json');
execFileSync(path.join(root, 'local-platform/lp'), ['up', 'ray', '--started-file', started], { stdio: 'inherit' });

/** Ray's answer to a POST from a script (its dashboard refuses browser-like requests, which fetch's are). */
async function rayPost(body) {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(`${RAY}/api/jobs/`, { method: 'POST', headers: { 'content-type': 'application/json' } }, res => {
      let text = '';
      res.on('data', d => (text += d));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function rayStatus(id) {
  return (await (await fetch(`${RAY}/api/jobs/${id}`)).json()).status;
}

const backend = await startPortalBackend({});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const results = {};
try {
  for (const mode of ['signals', 'polling only']) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    if (mode === 'polling only') await page.routeWebSocket(/\/api\/signals/, ws => ws.close());
    await page.goto(backend.url);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByRole('heading', { name: /Catalog/ }).first().waitFor();
    await page.goto(`${backend.url}/data-platform/ray`);
    await page.getByText(`Ray 'local'`).first().waitFor();
    const delays = [];
    for (let i = 0; i < jobs; i++) {
      // A random pause first: jobs started in lockstep with the pages' and the backend's polls would all
      // land at the same phase of them and measure one point of the distribution.
      await new Promise(r => setTimeout(r, Math.random() * 10_000));
      const name = `bench-live-${Date.now()}-${i}`;
      const { submission_id: id } = await rayPost({
        entrypoint: 'python -c "import time; time.sleep(1)"',
        metadata: { name },
      });
      // The page notes, in its own clock (the same machine's), when the row first says Succeeded.
      const shown = page.waitForFunction(
        n => {
          const row = [...document.querySelectorAll('tr')].find(tr => tr.textContent.includes(n));
          return row && row.textContent.includes('Succeeded') ? Date.now() : false;
        },
        name,
        { polling: 25, timeout: 60_000 },
      );
      // Awaited below; until then a failure must not crash the script past its clean-up (the backend's stop).
      shown.catch(() => undefined);
      let status;
      do {
        await new Promise(r => setTimeout(r, 50));
        status = await rayStatus(id);
      } while (!['SUCCEEDED', 'FAILED', 'STOPPED'].includes(status));
      const endedAt = Date.now();
      if (status !== 'SUCCEEDED') throw new Error(`job ${id} ended ${status}`);
      const shownAt = await (await shown).jsonValue();
      // The page can be first: the backend's poll may see the end between two of this script's polls.
      delays.push(shownAt - endedAt);
      process.stdout.write(`[bench] ${mode}: job ${i + 1}/${jobs} shown ${shownAt - endedAt} ms after Ray\n`);
    }
    results[mode] = describe(delays);
    await page.close();
  }
} finally {
  await browser.close();
  await backend.stop();
  execFileSync(path.join(root, 'local-platform/lp'), ['down', '--started-file', started], { stdio: 'inherit' });
}
log('state change on the engine -> visible on the open page (Ray, REST):');
for (const [mode, figures] of Object.entries(results)) log(`  ${mode}: ${figures}`);
