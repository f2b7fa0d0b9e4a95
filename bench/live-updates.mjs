#!/usr/bin/env node
// Benchmark of pushed updates (issue 16): how long after an engine reports a job's new state an open Data platform
// page shows it, without a reload. Prints its figures; run with
//   yarn bench:live [--jobs N] [--only rest|kubernetes]    (after ./portal test has built the app and installed everything)
// REST engines: for N short Ray jobs started one after another on the local Ray, the time from Ray reporting
// SUCCEEDED (its Jobs API polled every 50 ms) to the job's row showing "Succeeded" in Chromium, with signals (the
// backend polls every 2 s and pushes a signal; the page refetches) and with the page's signals connection blocked (the
// page's own 10 s polling alone).
// Custom resources: on the harness's real kube-apiserver (local-platform/kube), N RayJobs whose status this script
// writes as the operator would (RUNNING); the time from that write being acknowledged to the row showing "Running",
// with the backend watching (the change is listed at once and pushed) and with the watch off (the 10 s resync alone).
// Negative figures: the page showed the change before this script saw the engine report it.
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
const only = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1]
  : undefined;
const root = path.resolve(import.meta.dirname, '..');
const log = msg => console.log(`[bench] ${msg}`);
const RAY = 'http://127.0.0.1:8265';
const percentile = (xs, p) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))
  ];
const describe = xs =>
  `p50 ${percentile(xs, 50)} ms, p95 ${percentile(xs, 95)} ms, max ${Math.max(
    ...xs,
  )} ms (n=${xs.length})`;

if (!fs.existsSync(path.join(root, 'packages/app/dist/index.html'))) {
  console.error(
    'packages/app/dist is missing: run `yarn workspace app build` first (./portal test does)',
  );
  process.exit(1);
}

/** Ray's answer to a POST from a script (its dashboard refuses browser-like requests, which fetch's are). */
async function rayPost(body) {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(
      `${RAY}/api/jobs/`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      res => {
        let text = '';
        res.on('data', d => (text += d));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function rayStatus(id) {
  return (await (await fetch(`${RAY}/api/jobs/${id}`)).json()).status;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
  ],
});

/** A signed-in page on the Ray tab of the Data platform, showing `heading`. */
async function rayPage(backend, heading, { blockSignals = false } = {}) {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
  });
  if (blockSignals)
    await page.routeWebSocket(/\/api\/signals/, ws => ws.close());
  await page.goto(backend.url);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('heading', { name: /Catalog/ })
    .first()
    .waitFor();
  await page.goto(`${backend.url}/data-platform/ray`);
  await page.getByText(heading).first().waitFor();
  return page;
}

/**
 * N changes, each after a random pause (changes in lockstep with the polls would all land at the same phase of
 * them and measure one point of the distribution): `change(i)` makes one and returns the row's name, the text the
 * row shows once the page has it, and when the engine reported it (this script's clock, the page's machine).
 */
async function measure(label, page, pauseMs, change) {
  const delays = [];
  for (let i = 0; i < jobs; i++) {
    await new Promise(r => setTimeout(r, Math.random() * pauseMs));
    const { name, text, reported } = await change(i, page);
    const shown = page.waitForFunction(
      ([n, t]) => {
        const row = [...document.querySelectorAll('tr')].find(tr =>
          tr.textContent.includes(n),
        );
        return row && row.textContent.includes(t) ? Date.now() : false;
      },
      [name, text],
      { polling: 25, timeout: 60_000 },
    );
    // Awaited below; until then a failure must not crash the script past its clean-up (the backend's stop).
    shown.catch(() => undefined);
    const reportedAt = await reported;
    const shownAt = await (await shown).jsonValue();
    delays.push(shownAt - reportedAt);
    process.stdout.write(
      `[bench] ${label}: change ${i + 1}/${jobs} shown ${
        shownAt - reportedAt
      } ms after the engine\n`,
    );
  }
  return describe(delays);
}

/** A short Ray job: reported when Ray's Jobs API says SUCCEEDED. */
async function rayJobEnds(i) {
  const name = `bench-live-${Date.now()}-${i}`;
  const { submission_id: id } = await rayPost({
    entrypoint: 'python -c "import time; time.sleep(1)"',
    metadata: { name },
  });
  const reported = (async () => {
    let status;
    do {
      await new Promise(r => setTimeout(r, 50));
      status = await rayStatus(id);
    } while (!['SUCCEEDED', 'FAILED', 'STOPPED'].includes(status));
    if (status !== 'SUCCEEDED') throw new Error(`job ${id} ended ${status}`);
    return Date.now();
  })();
  return { name, text: 'Succeeded', reported };
}

async function restEngines(results) {
  log('starting the local Ray (local-platform/lp up ray)');
  const started = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')),
    'started.json',
  );
  execFileSync(
    path.join(root, 'local-platform/lp'),
    ['up', 'ray', '--started-file', started],
    { stdio: 'inherit' },
  );
  const backend = await startPortalBackend({});
  try {
    for (const mode of ['signals', 'polling only']) {
      const page = await rayPage(backend, `Ray 'local'`, {
        blockSignals: mode === 'polling only',
      });
      results[`REST (Ray), ${mode}`] = await measure(
        mode,
        page,
        10_000,
        rayJobEnds,
      );
      await page.close();
    }
  } finally {
    await backend.stop();
    execFileSync(
      path.join(root, 'local-platform/lp'),
      ['down', '--started-file', started],
      { stdio: 'inherit' },
    );
  }
}

async function customResources(results) {
  log(
    'starting the harness kube-apiserver (local-platform/kube; built on first use)',
  );
  const kubePy = path.join(root, 'local-platform/kube/kube.py');
  const kube = JSON.parse(
    execFileSync('python3', [kubePy, 'up'], {
      encoding: 'utf8',
      maxBuffer: 16 << 20,
    })
      .trim()
      .split('\n')
      .pop(),
  );
  const k8s = await import('@kubernetes/client-node');
  const { parse } = await import('yaml');
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'bench', server: kube.server, skipTLSVerify: true }],
    users: [{ name: 'admin', token: kube.token }],
    contexts: [{ name: 'bench', cluster: 'bench', user: 'admin' }],
    currentContext: 'bench',
  });
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const objects = kc.makeApiClient(k8s.CustomObjectsApi);
  const ns = `bench-live-${Date.now().toString(36)}`;
  await core.createNamespace({ body: { metadata: { name: ns } } });
  const fixture = name =>
    parse(
      fs.readFileSync(
        path.join(
          root,
          `plugins/lakehouse-common/src/status/__fixtures__/${name}.yaml`,
        ),
        'utf8',
      ),
    );
  const { spec } = fixture('rayjob-initializing');
  const running = fixture('rayjob-running').status;
  const rayjobs = {
    group: 'ray.io',
    version: 'v1',
    plural: 'rayjobs',
    namespace: ns,
  };
  /** A RayJob the page already lists as pending, then its operator's RUNNING status: reported once the API server acknowledged it. */
  const rayJobRuns = async (i, page) => {
    const name = `bench-${Date.now().toString(36)}-${i}`;
    await objects.createNamespacedCustomObject({
      ...rayjobs,
      body: {
        apiVersion: 'ray.io/v1',
        kind: 'RayJob',
        metadata: { name },
        spec,
      },
    });
    // On the page first (through the watch or the resync), so that only the status change is timed.
    await page.waitForFunction(
      n =>
        [...document.querySelectorAll('tr')].some(tr =>
          tr.textContent.includes(n),
        ),
      name,
      {
        polling: 100,
        timeout: 60_000,
      },
    );
    // A random phase against the resync, as for the REST jobs: right after the row appeared is right after a list.
    await new Promise(r => setTimeout(r, Math.random() * 10_000));
    // Started now, as an operator would write it: the newest job, on the first page.
    const now = new Date().toISOString();
    const status = {
      ...running,
      startTime: now,
      ...(running.rayJobInfo && {
        rayJobInfo: { ...running.rayJobInfo, startTime: now },
      }),
    };
    await objects.patchNamespacedCustomObjectStatus(
      { ...rayjobs, name, body: { status } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    return { name, text: 'Running', reported: Promise.resolve(Date.now()) };
  };
  const clusterConfig = watch => ({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'bench',
              url: kube.server,
              authProvider: 'serviceAccount',
              serviceAccountToken: kube.token,
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
    lakehouse: {
      kubernetes: {
        clusters: [
          {
            name: 'bench',
            namespaces: [ns],
            watch,
            refreshInterval: { seconds: 10 },
          },
        ],
      },
    },
  });
  try {
    for (const watch of [true, false]) {
      const backend = await startPortalBackend(clusterConfig(watch));
      try {
        const page = await rayPage(backend, `Ray 'bench'`);
        results[
          `custom resources (RayJob), ${
            watch ? 'watched' : 'resync only (10 s)'
          }`
        ] = await measure(
          watch ? 'watched' : 'resync only',
          page,
          2_000,
          rayJobRuns,
        );
        await page.close();
      } finally {
        await backend.stop();
      }
    }
  } finally {
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
    if (kube.started.length)
      execFileSync('python3', [kubePy, 'down'], { stdio: 'inherit' });
  }
}

const results = {};
try {
  if (only !== 'kubernetes') await restEngines(results);
  if (only !== 'rest') await customResources(results);
} finally {
  await browser.close();
}
log('state change on the engine -> visible on the open page:');
for (const [mode, figures] of Object.entries(results))
  log(`  ${mode}: ${figures}`);
