#!/usr/bin/env node
// Benchmark of the recommendation service (issue 14): GET /recommend at a fixed rate, open loop, directly on
// Ray Serve and through the portal (GET /api/recommender/recommendations, which adds authentication, the
// permission check, the names of the products and the user's recent events). Prints its figures; run with
//   yarn bench:recommend     (the local platform up, a model version promoted: ./portal start or
//                             scripts/start-platform-apps.py BACKEND recommender has done both)
// Goal: p99 < 50 ms direct, < 100 ms through the portal, at 100 requests/s.
import { openLoop } from '../lib/open-loop.mjs';
import { startPortalBackend } from '../lib/backend.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const rate = arg('rate', 100);
const durationS = arg('duration', 30);
const warmupS = arg('warmup', 5);
const serve = process.env.RAY_SERVE_URL ?? 'http://127.0.0.1:8000';
const log = msg => console.log(`[bench] ${msg}`);

// One user per request, cycling through known users: every request does the full work (no repeated key).
function cycle(urls) {
  let i = 0;
  return () => urls[i++ % urls.length];
}

async function measure(label, next, headers) {
  log(`${label}: warm-up ${warmupS} s at ${rate} requests/s`);
  await openLoop({
    url: next,
    headers,
    rate,
    durationS: warmupS,
    timeoutMs: 2_000,
  });
  log(
    `${label}: ${durationS} s at ${rate} requests/s (open loop: latency from the scheduled send time)`,
  );
  const r = await openLoop({
    url: next,
    headers,
    rate,
    durationS,
    timeoutMs: 2_000,
  });
  log(
    `${label}: p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} errors of ${r.requests}` +
      (r.errors ? ` ${JSON.stringify(r.errorKinds)}` : ''),
  );
  return r;
}

const status = await fetch(`${serve}/status`)
  .then(r => r.json())
  .catch(e => {
    throw new Error(
      `Ray Serve does not answer at ${serve}/status (${e.message}): start the local platform and the ` +
        'recommender first (./portal start, or scripts/start-platform-apps.py BACKEND recommender)',
    );
  });
if (!status.version_id) {
  throw new Error(
    `Ray Serve answers but serves no model version (${JSON.stringify(
      status,
    )}): promote one first`,
  );
}
log(
  `Ray Serve at ${serve} serves ${status.version_id} (${status.users} users, ${status.products} products)`,
);

log('starting the portal backend (app-config.yaml) on a free port');
const portal = await startPortalBackend({});
try {
  const auth = { Authorization: `Bearer ${portal.token}` };
  const users = await fetch(`${portal.url}/api/recommender/users?limit=100`, {
    headers: auth,
  }).then(r => r.json());
  const ids = (users.users ?? []).map(u => u.userId);
  if (ids.length < 10)
    throw new Error(
      `the portal lists ${ids.length} users: load the demo data (lp datagen, ETL)`,
    );
  log(`${ids.length} users`);
  const direct = await measure(
    'direct (Ray Serve)',
    cycle(
      ids.map(u => `${serve}/recommend?user_id=${encodeURIComponent(u)}&k=10`),
    ),
  );
  const viaPortal = await measure(
    'through the portal',
    cycle(
      ids.map(
        u =>
          `${
            portal.url
          }/api/recommender/recommendations?userId=${encodeURIComponent(
            u,
          )}&k=10`,
      ),
    ),
    auth,
  );
  console.log(JSON.stringify({ rate, durationS, direct, viaPortal }, null, 1));
  const ok =
    direct.p99 < 50 &&
    viaPortal.p99 < 100 &&
    !direct.errors &&
    !viaPortal.errors;
  log(
    ok
      ? 'both within the goals'
      : 'NOT within the goals (p99 < 50 ms direct, < 100 ms through the portal, no errors)',
  );
} finally {
  await portal.stop();
}
