#!/usr/bin/env node
// Benchmark of the lakehouse status endpoint (issue: live status). Prints its figures; run with
//   yarn bench            (after ./portal test or ./portal start has installed everything)
// 1. 500 viewers polling every 5 s (open loop, 100 requests/s) for 60 s against the real local engines:
//    p50/p99 latency, errors, upstream calls per engine per refresh interval.
// 2. Saturation: the highest rate the status endpoint sustains, as a ratio of the health endpoint's.
// 3. Large clusters (10,000 Spark apps, 1,000 Flink jobs, 10,000 Ray jobs replayed from recorded
//    responses): status and job-list p99, and the page's time to first rows in Chromium.
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCountingProxy } from './lib/counting-proxy.mjs';
import { openLoop } from './lib/open-loop.mjs';
import { startReplayServer } from './lib/replay-server.mjs';
import { startPortalBackend } from './lib/backend.mjs';
import { timeToFirstRows } from './lib/page.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const viewers = arg('viewers', 500);
const intervalS = arg('interval', 5);
const durationS = arg('duration', 60);
const warmupS = arg('warmup', 30);
const root = path.resolve(import.meta.dirname, '..');
const log = msg => console.log(`[bench] ${msg}`);

function run(opts) {
  return new Promise((resolve, reject) => {
    const inst = autocannon({ ...opts }, (err, res) =>
      err ? reject(err) : resolve(res),
    );
    autocannon.track(inst, {
      renderProgressBar: false,
      renderResultsTable: false,
    });
  });
}
const figures = r => ({
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  errors: r.errors + r.timeouts + r.non2xx,
  requests: r.requests.total,
});

log('starting the local engines (local-platform/lp up spark flink ray)');
const started = path.join(
  fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')),
  'started.json',
);
execFileSync(
  path.join(root, 'local-platform/lp'),
  ['up', 'spark', 'flink', 'ray', '--started-file', started],
  {
    stdio: 'inherit',
  },
);
const proxies = {
  spark: await startCountingProxy('http://127.0.0.1:8080'),
  flink: await startCountingProxy('http://127.0.0.1:8081'),
  ray: await startCountingProxy('http://127.0.0.1:8265'),
};
const sizes = { sparkApps: 10_000, flinkJobs: 1_000, rayJobs: 10_000 };
const replay = await startReplayServer(sizes);
log(`replay server ${replay.url}: ${JSON.stringify(replay.sizesInBytes)}`);

const every = { seconds: intervalS };
const engine = (url, extra = {}) => ({
  url,
  timeout: { seconds: 5 },
  refreshInterval: every,
  ...extra,
});
const local = {
  spark: [{ name: 'local', ...engine(proxies.spark.url) }],
  flink: [{ name: 'local', ...engine(proxies.flink.url) }],
  ray: [{ name: 'local', ...engine(proxies.ray.url) }],
};
// Phases 1 and 2 run against the local platform alone, phase 3 against the large replayed clusters beside it.
let backend = await startPortalBackend({ lakehouse: { engines: local } });
const results = {};
try {
  const headers = { authorization: `Bearer ${backend.token}` };
  const status = `${backend.url}/api/lakehouse/engines`;
  await backend.waitFor(async () => {
    const res = await fetch(status, { headers });
    const body = await res.json();
    return body.items?.length === 3 && body.items.every(s => s.fetchedAt);
  }, 'every engine instance polled once');

  // The backend's own start-up work (catalog ingestion, search indexing) runs in its first minute; the
  // figures are for a backend that has settled, so the same load runs unrecorded first.
  log(`warm-up: ${warmupS} s at the same rate, not recorded`);
  results.warmup = await openLoop({
    url: status,
    headers,
    rate: viewers / intervalS,
    durationS: warmupS,
  });
  log(
    `1. ${viewers} viewers every ${intervalS} s = ${
      viewers / intervalS
    } requests/s for ${durationS} s`,
  );
  Object.values(proxies).forEach(p => p.reset());
  const load = await openLoop({
    url: status,
    headers,
    rate: viewers / intervalS,
    durationS,
  });
  const intervals = durationS / intervalS;
  // A poll is one request to the engine's job list (plus overview requests beside it).
  const jobList = {
    spark: '/json/',
    flink: '/jobs/overview',
    ray: '/api/jobs/',
  };
  const polls = Object.fromEntries(
    Object.entries(proxies).map(([k, p]) => [k, p.count(jobList[k])]),
  );
  const requests = Object.fromEntries(
    Object.entries(proxies).map(([k, p]) => [k, p.total()]),
  );
  results.load = { ...load, polls, upstreamRequests: requests, intervals };
  // The same rate as autocannon sends it (each second's requests at once over 50 connections), for comparison.
  results.burst = figures(
    await run({
      url: status,
      headers,
      connections: 50,
      overallRate: viewers / intervalS,
      duration: 20,
    }),
  );

  // Alternating rounds, so a burst of background work (a JVM's GC, an engine poll) lands on both endpoints
  // alike rather than on whichever ran at the time; the figures are each endpoint's median round.
  log(
    '2. saturation: closed loop, 50 connections, 3 alternating rounds of 5 s: health endpoint, status endpoint',
  );
  const rounds = { health: [], status: [] };
  for (let i = 0; i < 3; i++) {
    rounds.health.push(
      figures(
        await run({
          url: `${backend.url}/.backstage/health/v1/readiness`,
          connections: 50,
          duration: 5,
        }),
      ),
    );
    rounds.status.push(
      figures(
        await run({ url: status, headers, connections: 50, duration: 5 }),
      ),
    );
  }
  const medianRound = list => [...list].sort((a, b) => a.rps - b.rps)[1];
  const health = medianRound(rounds.health);
  const sat = medianRound(rounds.status);
  results.saturation = {
    health,
    status: sat,
    ratio: +(sat.rps / health.rps).toFixed(2),
    rounds: {
      health: rounds.health.map(r => r.rps),
      status: rounds.status.map(r => r.rps),
    },
  };

  log(`3. large clusters: ${JSON.stringify(sizes)}`);
  await backend.stop();
  const big = { name: 'big', ...engine(replay.url) };
  backend = await startPortalBackend({
    lakehouse: {
      engines: {
        spark: [...local.spark, big],
        flink: [...local.flink, big],
        ray: [...local.ray, big],
      },
    },
  });
  const bigHeaders = { authorization: `Bearer ${backend.token}` };
  await backend.waitFor(async () => {
    const res = await fetch(`${backend.url}/api/lakehouse/engines`, {
      headers: bigHeaders,
    });
    const body = await res.json();
    return body.items?.length === 6 && body.items.every(s => s.fetchedAt);
  }, 'the large clusters polled once');
  log(`warm-up: ${warmupS} s on the new backend, not recorded`);
  await openLoop({
    url: `${backend.url}/api/lakehouse/engines`,
    headers: bigHeaders,
    rate: 50,
    durationS: warmupS,
  });
  results.large = {};
  for (const [name, url] of [
    ['engines', `${backend.url}/api/lakehouse/engines`],
    [
      'spark jobs page',
      `${backend.url}/api/lakehouse/jobs?engine=spark&instance=big&limit=50`,
    ],
    [
      'flink jobs page',
      `${backend.url}/api/lakehouse/jobs?engine=flink&instance=big&limit=50`,
    ],
    [
      'ray jobs page',
      `${backend.url}/api/lakehouse/jobs?engine=ray&instance=big&limit=50`,
    ],
    [
      'ray search',
      `${backend.url}/api/lakehouse/jobs?engine=ray&instance=big&q=bench9999&limit=50`,
    ],
  ]) {
    // Open loop at half the viewers' rate: latency under a steady load, not at saturation.
    results.large[name] = await openLoop({
      url,
      headers: bigHeaders,
      rate: 50,
      durationS: 20,
    });
  }
  results.page = await timeToFirstRows(backend.url, [
    'spark',
    'flink',
    'ray',
  ]).catch(e => ({
    failed: String(e.message).split('\n')[0],
  }));
} finally {
  await backend.stop();
  replay.close();
  Object.values(proxies).forEach(p => p.close());
  execFileSync(
    path.join(root, 'local-platform/lp'),
    ['down', '--started-file', started],
    { stdio: 'inherit' },
  );
}

console.log(
  '\n=== Lakehouse status benchmark',
  new Date().toISOString(),
  `(${os.cpus().length} cores) ===`,
);
const w = results.warmup;
console.log(
  `warm-up (not counted): ${w.requests} requests: p50 ${w.p50} ms, p99 ${w.p99} ms, errors ${w.errors}`,
);
const l = results.load;
console.log(
  `load (open loop, evenly spaced): ${l.requests} requests at ${l.rps}/s: p50 ${l.p50} ms, p99 ${l.p99} ms, errors ${l.errors}`,
);
const bu = results.burst;
console.log(
  `same rate in autocannon's per-second bursts (20 s): p50 ${bu.p50} ms, p99 ${bu.p99} ms, errors ${bu.errors}`,
);
console.log(
  `engine polls in ${l.intervals} intervals: ` +
    Object.entries(l.polls)
      .map(
        ([k, n]) =>
          `${k} ${n} (${(n / l.intervals).toFixed(2)}/interval, ${
            l.upstreamRequests[k]
          } HTTP requests)`,
      )
      .join(', '),
);
const s = results.saturation;
console.log(
  `saturation (median of 3 alternating rounds): health ${
    s.health.rps
  }/s, status ${s.status.rps}/s (p99 ${s.status.p99} ms) → ratio ${
    s.ratio
  }; rounds: health ${s.rounds.health.join(
    ', ',
  )}, status ${s.rounds.status.join(', ')}`,
);
for (const [k, v] of Object.entries(results.large))
  console.log(
    `large ${k}: ${v.rps}/s, p50 ${v.p50} ms, p99 ${v.p99} ms, errors ${
      v.errors
    }${v.errors ? ` ${JSON.stringify(v.errorKinds)}` : ''}`,
  );
for (const [k, v] of Object.entries(results.page))
  console.log(`page ${k}: ${v}`);
const out = path.join(root, 'bench/results');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(
  path.join(out, 'status-latest.json'),
  JSON.stringify(results, null, 2),
);
