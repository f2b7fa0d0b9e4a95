// A pass-through proxy in front of one engine that counts the requests the backend sends it,
// so the benchmark can tell how many upstream calls the status endpoint causes.
import http from 'node:http';

export async function startCountingProxy(target) {
  const upstream = new URL(target);
  const counts = new Map();
  const server = http.createServer((req, res) => {
    counts.set(req.url, (counts.get(req.url) ?? 0) + 1);
    const fwd = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      up => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    fwd.on('error', err => res.writeHead(502).end(String(err)));
    req.pipe(fwd);
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** Requests for one path (a poll of an engine is one request to its job list). */
    count: urlPath => counts.get(urlPath) ?? 0,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    close: () => server.close(),
  };
}
