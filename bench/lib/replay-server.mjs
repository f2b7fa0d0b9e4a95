// Serves large clusters for the benchmark: real responses recorded from the local engines
// (the lakehouse-backend fixtures), scaled up to thousands of applications and jobs.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const fixtures = path.resolve(
  import.meta.dirname,
  '../../plugins/lakehouse-backend/src/engines',
);
const load = (engine, name) =>
  JSON.parse(
    fs.readFileSync(path.join(fixtures, engine, '__fixtures__', name), 'utf8'),
  );

/** n copies of the recorded items, each with its own id and name, cycling through the states recorded. */
function scale(items, n, rename) {
  return Array.from({ length: n }, (_, i) =>
    rename(structuredClone(items[i % items.length]), i),
  );
}

export function buildScaledResponses({ sparkApps, flinkJobs, rayJobs }) {
  const spark = load('spark', 'master-completed.json');
  const running = load('spark', 'master-running.json');
  const apps = [...(running.activeapps ?? []), ...spark.completedapps];
  const sparkState = {
    ...spark,
    activeapps: [],
    completedapps: scale(apps, sparkApps, (a, i) => ({
      ...a,
      id: `app-bench-${i}`,
      name: `etl-${i}`,
    })),
  };
  const flinkOverview = load('flink', 'jobs-overview-completed.json');
  const flinkRunning = load('flink', 'jobs-overview-running.json');
  const flinkAll = [...flinkRunning.jobs, ...flinkOverview.jobs];
  const rayAll = [
    ...load('ray', 'jobs-running.json'),
    ...load('ray', 'jobs-completed.json'),
  ];
  return {
    '/json/': sparkState,
    '/overview': load('flink', 'overview.json'),
    '/taskmanagers': load('flink', 'taskmanagers.json'),
    '/jobs/overview': {
      jobs: scale(flinkAll, flinkJobs, (j, i) => ({
        ...j,
        jid: i.toString(16).padStart(32, '0'),
        name: `stream-${i}`,
      })),
    },
    '/api/v0/nodes?limit=100&detail=false': load('ray', 'nodes.json'),
    '/api/cluster_status': load('ray', 'cluster-status.json'),
    '/api/jobs/': scale(rayAll, rayJobs, (j, i) => ({
      ...j,
      submission_id: `raysubmit_bench${i}`,
      job_id: null,
    })),
  };
}

/** Starts the server on 127.0.0.1 and a free port; returns its URL and a close(). */
export async function startReplayServer(sizes) {
  const bodies = Object.fromEntries(
    Object.entries(buildScaledResponses(sizes)).map(([p, v]) => [
      p,
      JSON.stringify(v),
    ]),
  );
  const server = http.createServer((req, res) => {
    const body = bodies[req.url];
    if (body === undefined) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"errors":["not recorded"]}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const sizesInBytes = Object.fromEntries(
    Object.entries(bodies).map(([p, b]) => [p, b.length]),
  );
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    sizesInBytes,
    close: () => server.close(),
  };
}
