import http from 'node:http';

/** One answered (or failed) request of the load. */
export interface LoadSample {
  path: string;
  /** When the request was sent (epoch ms). */
  at: number;
  status?: number;
  failure?: string;
  ms: number;
}

export interface ViewerLoad {
  samples: LoadSample[];
  /** Stops starting requests and waits for those in flight. */
  stop(): Promise<LoadSample[]>;
}

/**
 * Open-loop page viewers: each viewer sends its page's next API call every `periodMs`, whether or
 * not the previous one has answered (a browser tab's polling does not wait on a slow backend
 * either). Viewer i uses replica i % N, over a bounded keep-alive pool per replica, as a load
 * balancer in front of the replicas would.
 */
export function startViewers(options: {
  baseUrls: string[];
  token: string;
  viewers: number;
  periodMs: number;
  /** The API calls of the pages; viewer i starts at call i % paths.length and cycles. */
  paths: string[];
  timeoutMs?: number;
}): ViewerLoad {
  const { baseUrls, token, viewers, periodMs, paths } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const agents = baseUrls.map(
    () => new http.Agent({ keepAlive: true, maxSockets: 64 }),
  );
  const samples: LoadSample[] = [];
  const inFlight = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];

  const send = (replica: number, path: string) => {
    const at = Date.now();
    const started = performance.now();
    const done = new Promise<void>(resolve => {
      const finish = (status?: number, failure?: string) => {
        samples.push({
          path,
          at,
          status,
          failure,
          ms: performance.now() - started,
        });
        resolve();
      };
      const attempt = (retried: boolean) => {
        const req = http.get(
          `${baseUrls[replica]}${path}`,
          {
            agent: agents[replica],
            headers: { Authorization: `Bearer ${token}` },
            timeout: timeoutMs,
          },
          res => {
            res.resume(); // the body is read and dropped: its size is the backend's cost, not ours
            res.on('end', () => finish(res.statusCode));
            res.on('error', e => finish(res.statusCode, String(e)));
          },
        );
        req.on('timeout', () =>
          req.destroy(new Error(`timeout after ${timeoutMs} ms`)),
        );
        req.on('error', (e: NodeJS.ErrnoException) => {
          // The server closed an idle keep-alive socket as this request took it: the request never reached
          // the backend, and a browser sends it again on a new connection. Node's docs advise the same.
          if (!retried && req.reusedSocket && e.code === 'ECONNRESET') {
            attempt(true);
            return;
          }
          finish(undefined, String(e));
        });
      };
      attempt(false);
    });
    inFlight.add(done);
    done.then(() => inFlight.delete(done));
  };

  for (let i = 0; i < viewers; i++) {
    let call = i % paths.length;
    // Spread the viewers' first calls over one period, as tabs opened at different times would.
    const start = setTimeout(() => {
      const tick = () => {
        send(i % baseUrls.length, paths[call]);
        call = (call + 1) % paths.length;
      };
      tick();
      timers.push(setInterval(tick, periodMs));
    }, (periodMs * i) / viewers);
    timers.push(start);
  }

  return {
    samples,
    async stop() {
      for (const t of timers) clearTimeout(t);
      await Promise.all([...inFlight]);
      for (const a of agents) a.destroy();
      return samples;
    },
  };
}

/** p50/p95/p99/max in whole ms of the samples' latencies, and how many there were. */
export function latencyFigures(samples: LoadSample[]) {
  const ms = samples.map(s => s.ms).sort((a, b) => a - b);
  return {
    requests: ms.length,
    p50: Math.round(percentile(ms, 50)),
    p95: Math.round(percentile(ms, 95)),
    p99: Math.round(percentile(ms, 99)),
    max: Math.round(ms[ms.length - 1] ?? NaN),
  };
}

/** Percentile of sorted values (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}
