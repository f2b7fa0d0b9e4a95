#!/usr/bin/env node
// Benchmark of the lakehouse catalog (issue 15): Iceberg tables in Nessie as catalog entities, and the table page.
//   yarn bench:tables [--tables 10000] [--commits 1000]    (after ./portal test has built the app and installed everything)
// On the local platform's S3 and Nessie, restarted (in memory: the bench's tables are gone at the next `lp down`):
//  1. creates --tables tables in a namespace of their own through Nessie's Iceberg REST API;
//  2. starts the portal backend (app-config.yaml: the table provider refreshes every 30 s) and times its first full
//     ingest until the catalog holds every one of them, sampling the backend's memory (RSS of its process group);
//  3. creates one more table and times until it is an entity (goal: within one refresh interval);
//  4. gives one table --commits commits, each a snapshot with its metadata file, and times its Table tab in Chromium
//     (first content: the schema; then the snapshot timeline) and its API answers.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startPortalBackend } from './lib/backend.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const TABLES = arg('tables', 10_000);
const COMMITS = arg('commits', 1_000);
const REFRESH_MS = 30_000;
const root = path.resolve(import.meta.dirname, '..');
const log = msg => console.log(`[bench] ${msg}`);
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const run = Math.random().toString(36).slice(2, 7);
const ns = `bench_${run}`;
const NESSIE = 'http://127.0.0.1:19120';
const REST = `${NESSIE}/iceberg/v1/main%7Cwarehouse`;

if (!fs.existsSync(path.join(root, 'packages/app/dist/index.html'))) {
  console.error(
    'packages/app/dist is missing: run `yarn workspace app build` first (./portal test does)',
  );
  process.exit(1);
}
// Nessie's in-memory store keeps every commit in its heap: the local default (384 MiB) runs out near 4,000
// tables, so the bench restarts it with more (a production Nessie keeps commits in a database).
log(
  'restarting S3 and Nessie (local-platform/lp down, lp up with a 3 GiB Nessie heap)',
);
execFileSync(path.join(root, 'local-platform/lp'), ['down'], {
  stdio: 'inherit',
});
execFileSync(path.join(root, 'local-platform/lp'), ['up', 's3', 'nessie'], {
  stdio: 'inherit',
  env: { ...process.env, LP_NESSIE_HEAP: '3g' },
});
Object.assign(
  process.env,
  Object.fromEntries(
    [
      ...execFileSync(path.join(root, 'local-platform/lp'), ['env'], {
        encoding: 'utf8',
      }).matchAll(/^export (\w+)='(.*)'$/gm),
    ].map(m => [m[1], m[2]]),
  ),
);

async function rest(method, urlPath, body, attempt = 1) {
  const res = await fetch(`${REST}${urlPath}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  // Concurrent commits to one branch conflict in Nessie; a conflict is retried after a pause, as a client would.
  if (res.status === 409 && attempt < 6) {
    await new Promise(r => setTimeout(r, 200 * attempt));
    return rest(method, urlPath, body, attempt + 1);
  }
  if (!res.ok)
    throw new Error(
      `${method} ${urlPath}: HTTP ${res.status} ${(await res.text()).slice(
        0,
        300,
      )}`,
    );
  return res.status === 204 ? undefined : res.json();
}
const schema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', type: 'long', required: true },
    { id: 2, name: 'name', type: 'string', required: false },
    { id: 3, name: 'at', type: 'timestamptz', required: false },
  ],
};
const createTable = (namespace, name) =>
  rest('POST', `/namespaces/${namespace}/tables`, {
    name,
    'stage-create': false,
    schema,
  });

// 1. The tables, eight requests at a time (more only conflict on the branch's head).
await rest('POST', '/namespaces', { namespace: [ns] });
let t0 = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < TABLES) {
      const i = next++;
      await createTable(ns, `t${String(i).padStart(5, '0')}`);
      if ((i + 1) % 1000 === 0) log(`created ${i + 1} of ${TABLES} tables`);
    }
  }),
);
const createSeconds = (Date.now() - t0) / 1000;
log(`created ${TABLES} tables in ${createSeconds.toFixed(1)} s`);

// 4 (set up now, timed later). One table with a long history: each commit a snapshot, as an append makes it.
const history = `${ns}_history`;
await rest('POST', '/namespaces', { namespace: [history] });
await createTable(history, 'events');
let parent;
t0 = Date.now();
for (let i = 0; i < COMMITS; i++) {
  const id = 10 ** 15 + i;
  await rest('POST', `/namespaces/${history}/tables/events`, {
    requirements: [],
    updates: [
      {
        action: 'add-snapshot',
        snapshot: {
          'snapshot-id': id,
          ...(parent && { 'parent-snapshot-id': parent }),
          'sequence-number': i + 1,
          'timestamp-ms': Date.now(),
          'manifest-list': `s3://warehouse/${history}/events/metadata/snap-${id}.avro`,
          summary: {
            operation: 'append',
            'added-records': '100',
            'added-data-files': '1',
            'total-records': String(100 * (i + 1)),
            'total-data-files': String(i + 1),
            'total-files-size': String(4096 * (i + 1)),
          },
          'schema-id': 0,
        },
      },
      {
        action: 'set-snapshot-ref',
        'ref-name': 'main',
        type: 'branch',
        'snapshot-id': id,
      },
    ],
  });
  parent = id;
  if ((i + 1) % 250 === 0)
    log(`committed ${i + 1} of ${COMMITS} snapshots to ${history}.events`);
}
log(`${COMMITS} commits in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// 2. The first ingest.
const spawned = Date.now();
const backend = await startPortalBackend({});
const readyMs = Date.now() - spawned;
const headers = { authorization: `Bearer ${backend.token}` };
const rssMiB = () => {
  try {
    const out = execFileSync('ps', ['-o', 'rss=', '-g', String(backend.pgid)], {
      encoding: 'utf8',
    });
    return Math.round(
      out
        .split('\n')
        .filter(Boolean)
        .reduce((a, b) => a + Number(b), 0) / 1024,
    );
  } catch {
    return NaN;
  }
};
async function countTables(namespace) {
  const q = new URLSearchParams({
    filter: 'kind=resource,spec.type=iceberg-table',
    fullTextFilterTerm: `${namespace}.`,
    fullTextFilterFields: 'metadata.name',
    limit: '1',
  });
  const res = await fetch(`${backend.url}/api/catalog/entities/by-query?${q}`, {
    headers,
  });
  return res.ok ? (await res.json()).totalItems : 0;
}
let peak = rssMiB();
let ingested;
for (;;) {
  peak = Math.max(peak, rssMiB());
  const n = await countTables(ns);
  if (n >= TABLES) {
    ingested = Date.now() - spawned;
    break;
  }
  if (Date.now() - spawned > 15 * 60_000)
    throw new Error(
      `only ${n} of ${TABLES} tables in the catalog after 15 minutes`,
    );
  await new Promise(r => setTimeout(r, 500));
}
log(
  `the catalog holds all ${TABLES} tables ${(ingested / 1000).toFixed(
    1,
  )} s after the backend was started (ready after ${(readyMs / 1000).toFixed(
    1,
  )} s)`,
);
await new Promise(r => setTimeout(r, 5_000));
const settledRss = rssMiB();

// 3. One new table.
const created = Date.now();
await createTable(ns, 'new_table');
for (;;) {
  const res = await fetch(
    `${backend.url}/api/catalog/entities/by-name/resource/default/${ns}.new_table`,
    { headers },
  );
  if (res.ok) break;
  if (Date.now() - created > 3 * REFRESH_MS)
    throw new Error(
      'the new table did not appear within three refresh intervals',
    );
  await new Promise(r => setTimeout(r, 250));
}
const appearedMs = Date.now() - created;
log(
  `a new table was an entity ${(appearedMs / 1000).toFixed(
    1,
  )} s after it was created`,
);

// 4. The table page of the long history.
for (;;) {
  if (
    (
      await fetch(
        `${backend.url}/api/catalog/entities/by-name/resource/default/${history}.events`,
        { headers },
      )
    ).ok
  )
    break;
  await new Promise(r => setTimeout(r, 500));
}
const timeApi = async (urlPath, rounds) => {
  const xs = [];
  for (let i = 0; i < rounds; i++) {
    const s = performance.now();
    const res = await fetch(`${backend.url}/api/lakehouse${urlPath}`, {
      headers,
    });
    if (!res.ok)
      throw new Error(`${urlPath}: HTTP ${res.status} ${await res.text()}`);
    await res.json();
    xs.push(Math.round(performance.now() - s));
  }
  return xs;
};
const detailMs = await timeApi(`/tables/${history}.events`, 20);
const commitsMs = await timeApi(
  `/tables/${history}.events/commits?limit=100`,
  10,
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
const firstContent = [];
const timeline = [];
const inApp = [];
const phases = [];
try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
  });
  page.setDefaultTimeout(60_000);
  await page.goto(backend.url);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('heading', { name: /Catalog/ })
    .first()
    .waitFor();
  for (let i = 0; i < 6; i++) {
    const s = Date.now();
    await page.goto(
      `${backend.url}/catalog/default/resource/${history}.events/table`,
    );
    await page.getByRole('table', { name: 'Schema' }).waitFor();
    const first = Date.now() - s;
    await page.getByRole('table', { name: 'Commits' }).waitFor();
    const all = Date.now() - s;
    // Where a full load's time goes: the app's code, the entity, the table's API answer.
    const phase = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = re =>
        performance.getEntriesByType('resource').find(r => re.test(r.name));
      const end = r => (r ? Math.round(r.responseEnd) : undefined);
      return {
        domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
        entityAnswered: end(res(/\/api\/catalog\/entities\/by-name\//)),
        tableAnswered: end(res(/\/api\/lakehouse\/tables\/[^/?]+(\?|$)/)),
      };
    });
    // The first load also fetches the plugin's code: reported apart.
    if (i > 0) {
      firstContent.push(first);
      timeline.push(all);
      phases.push(phase);
    } else
      log(
        `first visit: schema after ${first} ms, snapshot timeline after ${all} ms`,
      );
  }
  // In the app, as a user gets there: from the entity's overview, a click on its Table tab.
  for (let i = 0; i < 5; i++) {
    await page.goto(
      `${backend.url}/catalog/default/resource/${history}.events`,
    );
    // The entity page's header renders its tabs as links.
    const tab = page
      .getByRole('link', { name: 'Table', exact: true })
      .or(page.getByRole('tab', { name: 'Table', exact: true }));
    await tab.waitFor();
    const s = Date.now();
    await tab.click();
    await page.getByRole('table', { name: 'Schema' }).waitFor();
    inApp.push(Date.now() - s);
  }
} finally {
  await browser.close();
  await backend.stop();
}

const figures = {
  tables: TABLES,
  'create tables (Nessie Iceberg REST, 8 at a time)': `${createSeconds.toFixed(
    1,
  )} s`,
  'backend ready after start': `${(readyMs / 1000).toFixed(1)} s`,
  'first full ingest: all tables in the catalog, from backend start': `${(
    ingested / 1000
  ).toFixed(1)} s`,
  'backend RSS (process group): peak during ingest / settled': `${peak} MiB / ${settledRss} MiB`,
  'a new table is an entity after': `${(appearedMs / 1000).toFixed(
    1,
  )} s (refresh interval ${REFRESH_MS / 1000} s)`,
  [`table page of a table with ${COMMITS} commits: first content (schema), median of 5`]: `${median(
    firstContent,
  )} ms (${firstContent.join(', ')})`,
  'same page: snapshot timeline (newest 100 commits with their snapshots), median of 5': `${median(
    timeline,
  )} ms (${timeline.join(', ')})`,
  'full load, median of 5: app code parsed (DOMContentLoaded) / entity answered / table answered': `${median(
    phases.map(p => p.domContentLoaded),
  )} / ${median(phases.map(p => p.entityAnswered))} / ${median(
    phases.map(p => p.tableAnswered),
  )} ms`,
  'in the app: click on the Table tab of the entity page to schema, median of 5': `${median(
    inApp,
  )} ms (${inApp.join(', ')})`,
  'GET /tables/:table p50 (20 calls)': `${median(detailMs)} ms`,
  'GET /tables/:table/commits?limit=100 p50 (10 calls)': `${median(
    commitsMs,
  )} ms`,
};
console.log(JSON.stringify(figures, null, 2));
process.exit(0);
