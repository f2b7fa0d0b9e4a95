// Starts the portal backend (packages/backend, app-config.yaml plus an override) on a free loopback port.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

async function freePort() {
  const srv = net.createServer();
  await new Promise(r => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise(r => srv.close(r));
  return port;
}

async function waitFor(check, what, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

export async function startPortalBackend(extraConfig) {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'bench-backend-')),
    'app-config.bench.json',
  );
  fs.writeFileSync(
    file,
    JSON.stringify({
      ...extraConfig,
      app: { baseUrl: url },
      backend: {
        baseUrl: url,
        listen: { host: '127.0.0.1', port },
        cors: { origin: url },
      },
    }),
  );
  const child = spawn(
    path.join(root, 'node_modules/.bin/backstage-cli'),
    ['package', 'start', '--config', '../../app-config.yaml', '--config', file],
    {
      cwd: path.join(root, 'packages/backend'),
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  );
  let stderr = '';
  child.stderr.on('data', d => (stderr = (stderr + d).slice(-5000)));
  try {
    await waitFor(
      async () => (await fetch(`${url}/.backstage/health/v1/readiness`)).ok,
      'the backend',
    );
  } catch (e) {
    process.kill(-child.pid, 'SIGKILL');
    throw new Error(`${e.message}\n${stderr}`);
  }
  const res = await fetch(`${url}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const token = (await res.json()).backstageIdentity.token;
  return {
    url,
    token,
    waitFor,
    /** The backend's process group (it is started detached): its processes' memory is the backend's. */
    pgid: child.pid,
    /** SIGKILL by default; SIGINT lets the backend exit cleanly (e.g. to write a --cpu-prof profile). */
    async stop(signal = 'SIGKILL') {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    },
  };
}
