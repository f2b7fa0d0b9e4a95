// Open-loop load: requests leave on a fixed schedule (evenly spaced, `rate` per second) whether or not earlier
// ones have answered, as N independent viewers polling at random phases do. Latency counts from the scheduled
// departure, so a stalled server is not hidden by requests that were never sent (coordinated omission).
// autocannon's `overallRate` sends each second's requests in a burst across its connections instead, which
// measures a queue of 50 simultaneous requests rather than viewers.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

// `url`: one URL, or a function giving the URL of each request (e.g. a different user each time).
export async function openLoop({
  url,
  headers = {},
  rate,
  durationS,
  timeoutMs = 10_000,
}) {
  const target = typeof url === 'function' ? url : () => url;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const total = Math.round(rate * durationS);
  const gap = 1000 / rate;
  const latencies = new Float64Array(total);
  let errors = 0;
  const errorKinds = {};
  let done = 0;
  let sent = 0;
  const t0 = performance.now();
  await new Promise(resolve => {
    const finish = (i, failure) => {
      latencies[i] = performance.now() - (t0 + i * gap);
      if (failure) {
        errors++;
        errorKinds[failure] = (errorKinds[failure] ?? 0) + 1;
      }
      if (++done === total) resolve();
    };
    const fire = (i, retried = false) => {
      const req = http.get(
        target(i),
        { agent, headers, timeout: timeoutMs },
        res => {
          res.resume();
          res.on('end', () =>
            finish(
              i,
              res.statusCode === 200 ? undefined : `HTTP ${res.statusCode}`,
            ),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', e => {
        // A kept-alive socket the server closed while idle (its keepAliveTimeout) resets on reuse; browsers
        // and undici retry such GETs once, and so does this client (the latency still counts from the schedule).
        if (req.reusedSocket && e.code === 'ECONNRESET' && !retried)
          fire(i, true);
        else finish(i, e.code ?? e.message);
      });
    };
    const tick = () => {
      const due = Math.min(
        total,
        Math.floor((performance.now() - t0) / gap) + 1,
      );
      while (sent < due) fire(sent++);
      if (sent < total)
        setTimeout(tick, Math.max(0, t0 + sent * gap - performance.now()));
    };
    tick();
  });
  agent.destroy();
  latencies.sort();
  const q = p =>
    Math.round(latencies[Math.min(total - 1, Math.floor(p * total))] * 10) / 10;
  return {
    rps: rate,
    p50: q(0.5),
    p99: q(0.99),
    errors,
    errorKinds,
    requests: total,
  };
}
