#!/usr/bin/env node
// Runs the built backend (packages/backend/dist) serving the built app, for the browser tests.
// Usage: node scripts/e2e-backend.js PORT
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const port = Number(process.argv[2] ?? 7099);
const root = path.resolve(__dirname, '..');
const backendDir = path.join(root, 'packages/backend');
if (!fs.existsSync(path.join(backendDir, 'dist/index.cjs.js'))) {
  console.error('packages/backend/dist is missing: run `yarn build:backend` first (./portal test does)');
  process.exit(1);
}
const override = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-')), 'app-config.e2e.json');
const url = `http://localhost:${port}`;
fs.writeFileSync(
  override,
  JSON.stringify({
    app: { baseUrl: url },
    backend: { baseUrl: url, listen: { host: '127.0.0.1', port }, cors: { origin: url } },
  }),
);
const child = spawn(
  process.execPath,
  ['.', '--config', '../../app-config.yaml', '--config', override],
  { cwd: backendDir, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', code => process.exit(code ?? 0));
