import fs from 'node:fs';
import { Worker } from 'node:worker_threads';

/** Resident memory of a process, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(kib)) throw new Error(`no VmRSS for pid ${pid}`);
  return kib / 1024;
}

/** One poll: when it started (performance.timeOrigin-based epoch ms) and how long it took. */
export interface Poll {
  at: number;
  ms: number;
  failure?: string;
}

/**
 * Polls a URL back to back while an attack runs, from a worker thread: the backend's event loop
 * must stay free for everyone else, and the test's own work (encoding 10 MB bodies) must not be
 * counted against it.
 */
export function startLatencyProbe(url: string, everyMs = 50) {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
    let stopped = false;
    const polls = [];
    parentPort.on('message', () => { stopped = true; });
    (async () => {
      while (!stopped) {
        const at = Date.now();
        const started = performance.now();
        let failure;
        try {
          const res = await fetch(workerData.url, { signal: AbortSignal.timeout(10000) });
          await res.arrayBuffer();
          if (!res.ok) failure = 'HTTP ' + res.status;
        } catch (e) {
          failure = String(e);
        }
        polls.push({ at, ms: performance.now() - started, failure });
        await new Promise(r => setTimeout(r, workerData.everyMs));
      }
      parentPort.postMessage(polls);
    })();`,
    { eval: true, workerData: { url, everyMs } },
  );
  return {
    async stop(): Promise<Poll[]> {
      const polls = new Promise<Poll[]>(r => worker.once('message', r));
      worker.postMessage('stop');
      const result = await polls;
      await worker.terminate();
      return result;
    },
  };
}

export interface EngineUrls {
  sparkMaster: string;
  flinkRest: string;
  rayDashboard: string;
}

/** Every job each engine knows, read from the engines themselves, not through the portal. */
export async function engineJobIds(urls: EngineUrls): Promise<string[]> {
  const get = async (url: string) => {
    const res = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.json();
  };
  const [spark, flink, ray] = await Promise.all([
    get(`${urls.sparkMaster}/json/`),
    get(`${urls.flinkRest}/jobs/overview`),
    get(`${urls.rayDashboard}/api/jobs/`),
  ]);
  return [
    ...[...spark.activedrivers, ...spark.completeddrivers].map(
      (d: { id: string }) => `spark:${d.id}`,
    ),
    ...flink.jobs.map((j: { jid: string }) => `flink:${j.jid}`),
    ...ray.map((j: { submission_id: string }) => `ray:${j.submission_id}`),
  ].sort();
}

/** One hostile request and the exact status it must get. */
export interface HostileCase {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** Sent as is when a string (for bodies that are not JSON), else as JSON. */
  body?: unknown;
  status: number;
  /** What the refusal must say, when the message matters. */
  message?: RegExp;
}

export interface HostileResult {
  name: string;
  status: number;
  ms: number;
  message: string;
  /** Epoch ms the request was sent and answered, to match slow health polls to it. */
  from: number;
  to: number;
}

/** The body as sent, encoded once before the attack so the test's own CPU use stays out of it. */
export function encodeBody(c: HostileCase): string | undefined {
  if (c.body === undefined) return undefined;
  return typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
}

/** Sends one case; the body is encoded before the clock starts. */
export async function send(
  baseUrl: string,
  token: string,
  c: HostileCase,
  body: string | undefined,
): Promise<HostileResult> {
  const from = Date.now();
  const started = performance.now();
  const res = await fetch(`${baseUrl}${c.path}`, {
    method: c.method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  // An answer that is not an error is matched whole (a job list is long).
  let message = res.ok ? text : text.slice(0, 500);
  try {
    message = JSON.parse(text)?.error?.message ?? message;
  } catch {
    // not JSON: keep the text
  }
  return {
    name: c.name,
    status: res.status,
    ms,
    message,
    from,
    to: Date.now(),
  };
}
