#!/usr/bin/env node
// Benchmark of "Create" to a running and a finished job, per engine, on the local platform (issue: scaffold
// and submit). Prints its figures; run with
//   yarn bench:scaffold [--runs 2]      (after ./portal test or ./portal start has installed everything)
// Each run creates a task from the engine's template through the scaffolder API (as the Create button
// does), follows the task's events, and once the job id is known polls the engine's own API every 200 ms,
// so the engine-side times do not depend on the wait action's poll interval. Where the time goes:
//   queued   POST /v2/tasks -> the first step begins
//   render   fetch:template            keep    the project stored for the catalog (lakehouse:project:publish)
//   submit   zip + stage in S3 + the engine's submit call (lakehouse:<engine>:submit)
//   start    job id -> the engine reports RUNNING
//   run      RUNNING -> the engine reports the job finished
//   tail     finished -> task completed (the wait action's last poll + catalog:register)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { startPortalBackend } from './lib/backend.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const runs = arg('runs', 2);
const root = path.resolve(import.meta.dirname, '..');
const lp = path.join(root, 'local-platform/lp');
const log = msg => console.log(`[bench] ${msg}`);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const GOAL_RUNNING_S = { spark: 30, flink: 45, ray: 20 };

const TEMPLATES = {
  spark: [
    'spark-etl-app',
    {
      source: 's3a://warehouse/data/users.csv',
      target: 'bench.users',
      writeMode: 'overwrite',
    },
  ],
  flink: [
    'flink-streaming-app',
    {
      events: 's3://warehouse/data/clickstream/individual/',
      target: 'bench.alerts',
      bounded: true,
    },
  ],
  ray: [
    'ray-batch-app',
    { output: 's3://warehouse/features/bench.jsonl', workers: 2 },
  ],
};

/** The engine's own view of one job: 'running', 'done' (any end state) or undefined (not yet known). */
const ENGINE_STATE = {
  spark: async id => {
    const s = await (
      await fetch(`http://127.0.0.1:6066/v1/submissions/status/${id}`)
    ).json();
    if (['FINISHED', 'FAILED', 'KILLED', 'ERROR'].includes(s.driverState))
      return `done:${s.driverState}`;
    return s.driverState === 'RUNNING' ? 'running' : undefined;
  },
  flink: async id => {
    const j = await (await fetch(`http://127.0.0.1:8081/jobs/${id}`)).json();
    if (['FINISHED', 'FAILED', 'CANCELED'].includes(j.state))
      return `done:${j.state}`;
    return j.state === 'RUNNING' ? 'running' : undefined;
  },
  ray: async id => {
    const j = await (
      await fetch(`http://127.0.0.1:8265/api/jobs/${id}`, {
        headers: { accept: 'application/json' },
      })
    ).json();
    if (['SUCCEEDED', 'FAILED', 'STOPPED'].includes(j.status))
      return `done:${j.status}`;
    return j.status === 'RUNNING' ? 'running' : undefined;
  },
};

log(
  'starting the local platform and loading the demo data (lp up, lp datagen)',
);
const started = path.join(
  fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')),
  'started.json',
);
execFileSync(lp, ['up', '--started-file', started], { stdio: 'inherit' });
execFileSync(lp, ['datagen'], { stdio: 'inherit' });
// The backend stages code in the local S3 with the platform's credentials (AWS default chain).
for (const line of execFileSync(lp, ['env'], { encoding: 'utf8' }).split(
  '\n',
)) {
  const m = /^export (\w+)='(.*)'$/.exec(line.trim());
  if (m) process.env[m[1]] = m[2];
}
log('starting the portal backend');
const backend = await startPortalBackend({});
const headers = {
  authorization: `Bearer ${backend.token}`,
  'content-type': 'application/json',
};
const api = async (p, init) => {
  const res = await fetch(`${backend.url}${p}`, { headers, ...init });
  if (!res.ok) throw new Error(`${p}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
};

async function once(engine, n) {
  const [template, values] = TEMPLATES[engine];
  // What the form sends: every field's default, then what the user changed.
  const spec = yaml.parse(
    fs.readFileSync(
      path.join(root, 'templates', template, 'template.yaml'),
      'utf8',
    ),
  ).spec;
  const defaults = Object.fromEntries(
    spec.parameters
      .flatMap(p => Object.entries(p.properties ?? {}))
      .filter(([, v]) => v.default !== undefined)
      .map(([k, v]) => [k, v.default]),
  );
  const name = `bench-${engine}-${Date.now().toString(36)}-${n}`;
  const t0 = Date.now();
  const { id } = await api('/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({
      templateRef: `template:default/${template}`,
      values: {
        ...defaults,
        name,
        owner: 'group:default/data-platform',
        instance: 'local',
        submit: true,
        ...values,
      },
    }),
  });
  const seen = {}; // first time the bench saw each milestone, ms after t0
  const mark = key => (seen[key] ??= Date.now() - t0);
  let jobId;
  let status;
  let engineState;
  const deadline = t0 + 600_000;
  while (Date.now() < deadline) {
    const events = await api(`/api/scaffolder/v2/tasks/${id}/events`);
    for (const e of events) {
      const msg = e.body?.message ?? '';
      const step = /^(Beginning|Finished) step (.+)$/.exec(msg);
      if (step)
        mark(`${step[1] === 'Beginning' ? 'begin' : 'end'}:${e.body.stepId}`);
      const submitted = /Submitted: \w+ job id (\S+)/.exec(msg);
      if (submitted) jobId = submitted[1];
    }
    if (jobId && !String(engineState).startsWith('done')) {
      engineState = await ENGINE_STATE[engine](jobId).catch(() => undefined);
      if (engineState === 'running') mark('running');
      if (String(engineState).startsWith('done')) {
        mark('running');
        mark('finished');
      }
    }
    ({ status } = await api(`/api/scaffolder/v2/tasks/${id}`));
    if (status === 'completed' || status === 'failed') break;
    await sleep(200);
  }
  mark('completed');
  if (status !== 'completed') {
    const events = await api(`/api/scaffolder/v2/tasks/${id}/events`);
    const tail = events
      .map(e => e.body?.message)
      .filter(Boolean)
      .slice(-8)
      .join('\n');
    throw new Error(`${engine} task ${id} ended ${status}:\n${tail}`);
  }
  const s = k => seen[k] / 1000;
  return {
    engine,
    running: s('running'),
    finished: s('finished'),
    total: s('completed'),
    queued: s('begin:render'),
    render: s('end:render') - s('begin:render'),
    keep: s('end:keep') - s('begin:keep'),
    submit: s('end:submit') - s('begin:submit'),
    start: s('running') - s('end:submit'),
    run: s('finished') - s('running'),
    tail: s('completed') - s('finished'),
    engineState,
  };
}

const results = [];
try {
  log('waiting for the catalog to read the templates');
  for (const [template] of Object.values(TEMPLATES)) {
    await backend.waitFor(
      async () =>
        (
          await fetch(
            `${backend.url}/api/catalog/entities/by-name/template/default/${template}`,
            { headers },
          )
        ).ok,
      `template ${template} in the catalog`,
      120_000,
    );
  }
  for (const engine of Object.keys(TEMPLATES)) {
    for (let n = 1; n <= runs; n++) {
      log(`${engine} run ${n}/${runs}: Create -> job running -> finished`);
      const r = await once(engine, n);
      results.push(r);
      log(
        `  running ${r.running.toFixed(1)} s (goal ${
          GOAL_RUNNING_S[engine]
        } s), finished ${r.finished.toFixed(1)} s, task done ${r.total.toFixed(
          1,
        )} s [${r.engineState}]`,
      );
    }
  }
} finally {
  await backend.stop();
  execFileSync(lp, ['down', '--started-file', started], { stdio: 'inherit' });
}

const f = v => v.toFixed(1).padStart(6);
console.log(
  '\nCreate -> running / finished, per run (seconds; where the time goes)',
);
console.log(
  'engine  running finished |  queued  render    keep  submit   start     run    tail',
);
for (const r of results) {
  console.log(
    `${r.engine.padEnd(6)} ${f(r.running)}  ${f(r.finished)}  | ${[
      r.queued,
      r.render,
      r.keep,
      r.submit,
      r.start,
      r.run,
      r.tail,
    ]
      .map(f)
      .join('  ')}`,
  );
}
const out = path.join(root, 'bench/results/scaffold-latest.json');
fs.writeFileSync(
  out,
  JSON.stringify({ at: new Date().toISOString(), runs: results }, null, 2),
);
log(`figures written to ${path.relative(root, out)}`);
