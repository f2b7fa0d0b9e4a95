#!/usr/bin/env node
// Runs the backend serving the built app (packages/app/dist), for the browser tests.
// Usage: node scripts/e2e-backend.js PORT
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const port = Number(process.argv[2] ?? 7099);
const root = path.resolve(__dirname, '..');
const backendDir = path.join(root, 'packages/backend');
if (!fs.existsSync(path.join(root, 'packages/app/dist/index.html'))) {
  console.error(
    'packages/app/dist is missing: run `yarn workspace app build` first (./portal test does)',
  );
  process.exit(1);
}
const override = path.join(
  fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-')),
  'app-config.e2e.json',
);
const url = `http://localhost:${port}`;
fs.writeFileSync(
  override,
  JSON.stringify({
    app: { baseUrl: url },
    backend: {
      baseUrl: url,
      listen: { host: '127.0.0.1', port },
      cors: { origin: url },
    },
  }),
);
// TechDocs' local builder runs `mkdocs` from PATH: ./portal test links it into .tools/bin (ensure_techdocs in
// scripts/lib.sh), which is put first here too, so that a bare `yarn playwright test` finds it as well.
const tools = path.join(root, '.tools/bin');
if (!fs.existsSync(path.join(tools, 'mkdocs'))) {
  console.warn(
    'mkdocs is not installed: docs pages will fail to build (./portal test installs it; or run ensure_techdocs of scripts/lib.sh)',
  );
}
const child = spawn(
  path.join(root, 'node_modules/.bin/backstage-cli'),
  [
    'package',
    'start',
    '--config',
    '../../app-config.yaml',
    '--config',
    override,
  ],
  // Same process group as this script: Playwright ends the whole group (SIGKILL) after the tests,
  // which also reaches the backend process the CLI starts.
  {
    cwd: backendDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      PATH: `${tools}${path.delimiter}${process.env.PATH}`,
    },
  },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', code => process.exit(code ?? 0));
