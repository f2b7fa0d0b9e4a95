#!/usr/bin/env node
// Benchmark of the fraud path (issue 16): how long after an injected fraudster's window ends its alert is on the open
// /fraud page, and whether every injected fraudster is found and nothing else is. Prints its figures; run with
//   yarn bench:fraud-latency [--minutes 8] [--files]    (after ./portal test has built the app and installed everything)
// The real pipeline on the local platform: the clickstream simulator on Ray (a burst every 30 s by default), the
// fraud detector on Flink, the alerts table in Iceberg via Nessie, the portal's fraud backend and the page. The events
// go through Kafka and each alert back through Kafka to the backend, as ./portal start runs it; --files measures the
// older path (events as files in S3 every 5 s, a 20 s watermark, alerts only from the table's commits). Both apps are submitted through the portal (scripts/start-platform-apps.py).
// Latency: the time Chromium first shows the alert's row, minus the end of the alert's window (both UTC, one machine).
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
const minutes = arg('minutes', 8);
const root = path.resolve(import.meta.dirname, '..');
const log = msg => console.log(`[bench] ${msg}`);
const RAY = 'http://127.0.0.1:8265';
const percentile = (xs, p) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))
  ];

if (!fs.existsSync(path.join(root, 'packages/app/dist/index.html'))) {
  console.error(
    'packages/app/dist is missing: run `yarn workspace app build` first (./portal test does)',
  );
  process.exit(1);
}
log('starting S3, Kafka, Nessie, Flink and Ray (local-platform/lp up)');
const started = path.join(
  fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')),
  'started.json',
);
const lp = (...args) =>
  execFileSync(path.join(root, 'local-platform/lp'), args, {
    stdio: 'inherit',
  });
lp('up', 's3', 'kafka', 'nessie', 'flink', 'ray', '--started-file', started);
const env = Object.fromEntries(
  [
    ...execFileSync(path.join(root, 'local-platform/lp'), ['env'], {
      encoding: 'utf8',
    }).matchAll(/^export (\w+)='(.*)'$/gm),
  ].map(m => [m[1], m[2]]),
);

const EVENTS = process.argv.includes('--files')
  ? 's3://warehouse/live/clickstream/'
  : `kafka://${env.KAFKA_BOOTSTRAP_SERVERS}/clickstream`;
// The backend's config reads the platform's endpoints and S3 credentials from the environment, as with `lp env`.
Object.assign(process.env, env);
const backend = await startPortalBackend({});
const startApps = (...args) =>
  execFileSync(
    path.join(root, 'local-platform/.install/venvs/tools/bin/python'),
    [path.join(root, 'scripts/start-platform-apps.py'), backend.url, ...args],
    {
      stdio: 'inherit',
      timeout: 600_000,
    },
  );
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
  ],
});

/** The Ray job of the running simulator, for its log of injected bursts. */
async function simulatorJob() {
  const jobs = await (await fetch(`${RAY}/api/jobs/`)).json();
  return jobs.find(
    j => j.status === 'RUNNING' && j.metadata?.name === 'clickstream-simulator',
  );
}

/** `burst by <user> in the window starting <iso>`: the simulator's own record of each injected fraudster. */
async function injectedBursts(jobId) {
  const { logs } = await (await fetch(`${RAY}/api/jobs/${jobId}/logs`)).json();
  return [...logs.matchAll(/burst by (\S+) in the window starting (\S+)/g)].map(
    m => ({ user: m[1], windowStart: Date.parse(m[2]) }),
  );
}

const seen = new Map(); // `${user}@${windowStart}` -> first time on the page
let benchStart;
try {
  log(
    'submitting the simulator (Ray) and the fraud detector (Flink) through the portal',
  );
  startApps('simulator', EVENTS);
  startApps('fraud-detector', EVENTS);
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1200 },
  });
  await page.goto(backend.url);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('heading', { name: /Catalog/ })
    .first()
    .waitFor();
  await page.goto(`${backend.url}/fraud`);
  await page.getByText('Latest alerts').first().waitFor({ timeout: 120_000 });
  benchStart = Date.now();
  log(`watching /fraud for ${minutes} min`);
  const until = benchStart + minutes * 60_000;
  while (Date.now() < until) {
    // Rows of "Latest alerts": User, Rule, "YYYY-MM-DD HH:MM:SSZ – HH:MM:SSZ", ...
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('tr')].map(tr =>
        [...tr.querySelectorAll('td')].map(td => td.textContent.trim()),
      ),
    );
    const now = Date.now();
    for (const cells of rows) {
      const window = cells
        .map(c =>
          /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)Z? – (\d\d:\d\d:\d\d)Z?$/.exec(c),
        )
        .find(Boolean);
      if (!window || cells[1] !== 'burst') continue;
      const start = Date.parse(`${window[1]}T${window[2]}Z`);
      const key = `${cells[0]}@${start}`;
      if (!seen.has(key))
        seen.set(key, { user: cells[0], windowStart: start, shownAt: now });
    }
    await new Promise(r => setTimeout(r, 200));
  }
  const job = await simulatorJob();
  if (!job) throw new Error('no running clickstream-simulator job on Ray');
  // Injected windows that ended after the page was open and long enough before the end to have been seen.
  const settled = w =>
    w + 10_000 > benchStart && w + 10_000 + 60_000 < Date.now();
  const injected = (await injectedBursts(job.submission_id)).filter(b =>
    settled(b.windowStart),
  );
  const shown = [...seen.values()].filter(s => settled(s.windowStart));
  const found = injected.filter(b => seen.has(`${b.user}@${b.windowStart}`));
  const falseAlerts = shown.filter(
    s =>
      !injected.some(b => b.user === s.user && b.windowStart === s.windowStart),
  );
  const delays = found.map(
    b =>
      seen.get(`${b.user}@${b.windowStart}`).shownAt - (b.windowStart + 10_000),
  );
  for (const b of found)
    log(
      `  ${b.user}, window ending ${new Date(
        b.windowStart + 10_000,
      ).toISOString()}: shown after ${
        seen.get(`${b.user}@${b.windowStart}`).shownAt -
        (b.windowStart + 10_000)
      } ms`,
    );
  log('injected fraudster -> alert on /fraud, from the end of its window:');
  if (delays.length)
    log(
      `  p50 ${percentile(delays, 50)} ms, p95 ${percentile(
        delays,
        95,
      )} ms, max ${Math.max(...delays)} ms (n=${delays.length})`,
    );
  log(
    `  found ${found.length} of ${injected.length} injected fraudsters; ${falseAlerts.length} alert(s) on no injected fraudster`,
  );
} finally {
  await browser.close();
  await backend.stop();
  lp('down', '--started-file', started);
}
