import {
  execFile,
  execFileSync,
  spawn,
  type ChildProcess,
} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './backend';

const run = promisify(execFile);
const BACKEND_DIR = path.join(repoRoot, 'packages', 'backend');
const YARN_RELEASES = path.join(repoRoot, '.yarn', 'releases');

/**
 * `backstage-cli package build` of packages/backend, as `yarn build:backend` runs it before the image
 * is built: dist/bundle.tar.gz (the backend, the frontend it serves and the workspace plugins, built)
 * and dist/skeleton.tar.gz. Always a fresh build, so a test never passes on a stale bundle.
 */
export async function buildBackend(): Promise<{ seconds: number }> {
  // The CLI spawns `yarn` for the frontend's build; in this repository yarn is a shell function.
  const shim = fs.mkdtempSync(path.join(os.tmpdir(), 'yarn-shim-'));
  const release = fs.readdirSync(YARN_RELEASES).find(f => f.endsWith('.cjs'));
  fs.writeFileSync(
    path.join(shim, 'yarn'),
    `#!/bin/sh\nexec "${process.execPath}" "${path.join(
      YARN_RELEASES,
      release!,
    )}" "$@"\n`,
    { mode: 0o755 },
  );
  const t0 = Date.now();
  try {
    await run(
      path.join(repoRoot, 'node_modules/.bin/backstage-cli'),
      ['package', 'build'],
      {
        cwd: BACKEND_DIR,
        // Jest's NODE_ENV=test would pick no browserslist environment of packages/app: build as for release.
        env: {
          ...process.env,
          NODE_ENV: 'production',
          PATH: `${shim}:${process.env.PATH}`,
        },
        maxBuffer: 256 * 1024 * 1024,
        timeout: 600_000,
      },
    );
  } finally {
    fs.rmSync(shim, { recursive: true, force: true });
  }
  return { seconds: (Date.now() - t0) / 1000 };
}

/** The sources of the Dockerfile's COPY lines that put files next to the bundle (configs, catalog files). */
function dockerfileCopies(): string[] {
  const dockerfile = fs.readFileSync(
    path.join(BACKEND_DIR, 'Dockerfile'),
    'utf8',
  );
  const lines = dockerfile.split('\n');
  const from = lines.findIndex(l => /^COPY .*bundle\.tar\.gz/.test(l));
  if (from < 0) throw new Error('the Dockerfile copies no bundle.tar.gz');
  return lines.slice(from).flatMap(line => {
    if (!line.startsWith('COPY ')) return [];
    const parts = line
      .split(/\s+/)
      .slice(1)
      .filter(p => !p.startsWith('--'));
    return parts.slice(0, -1).filter(p => !p.endsWith('.tar.gz'));
  });
}

function copyFromRepo(pattern: string, appDir: string) {
  const dir = path.dirname(pattern);
  const glob = new RegExp(
    `^${path.basename(pattern).replace(/\./g, '\\.').replace(/\*/g, '.*')}$`,
  );
  const matches = fs
    .readdirSync(path.join(repoRoot, dir))
    .filter(f => glob.test(f));
  if (matches.length === 0)
    throw new Error(`Dockerfile COPY ${pattern}: no such file`);
  for (const f of matches) {
    fs.cpSync(path.join(repoRoot, dir, f), path.join(appDir, dir, f), {
      recursive: true,
    });
  }
}

/**
 * Lays out the image's /app in a temp dir: the bundle unpacked, the files the Dockerfile copies beside it,
 * and a node_modules standing in for `yarn workspaces focus --production`: links to the repository's
 * installed packages, except workspace packages, which resolve to the bundle's built copies (or not at
 * all when the bundle has none, as in the image).
 */
export function layOutApp(): string {
  const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-app-'));
  try {
    fillAppDir(appDir);
  } catch (error) {
    fs.rmSync(appDir, { recursive: true, force: true });
    throw error;
  }
  return appDir;
}

function fillAppDir(appDir: string) {
  const bundle = path.join(BACKEND_DIR, 'dist', 'bundle.tar.gz');
  fs.cpSync(path.join(repoRoot, 'yarn.lock'), path.join(appDir, 'yarn.lock'));
  fs.cpSync(
    path.join(repoRoot, 'package.json'),
    path.join(appDir, 'package.json'),
  );
  execFileSync('tar', ['xzf', bundle, '-C', appDir], { stdio: 'pipe' });
  for (const source of dockerfileCopies()) copyFromRepo(source, appDir);

  const bundled = new Map<string, string>();
  for (const group of ['packages', 'plugins']) {
    const dir = path.join(appDir, group);
    if (!fs.existsSync(dir)) continue;
    for (const pkg of fs.readdirSync(dir)) {
      const manifest = path.join(dir, pkg, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const { name, main } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (main && !path.normalize(main).startsWith('dist/')) {
        throw new Error(
          `${group}/${pkg} in the bundle has main ${main}, not a built dist/ file`,
        );
      }
      bundled.set(name, path.join(dir, pkg));
    }
  }
  const modules = path.join(appDir, 'node_modules');
  linkModules(path.join(repoRoot, 'node_modules'), modules, '', bundled);
}

function linkModules(
  from: string,
  to: string,
  scope: string,
  bundled: Map<string, string>,
) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from)) {
    if (entry === '.bin' || entry.startsWith('.')) continue;
    const name = scope ? `${scope}/${entry}` : entry;
    const source = path.join(from, entry);
    if (!scope && entry.startsWith('@')) {
      linkModules(source, path.join(to, entry), entry, bundled);
      continue;
    }
    const target = bundled.get(name);
    // A workspace package is a link out of node_modules into the repository's sources.
    const real = fs.realpathSync(source);
    const isWorkspace = !real.includes(`${path.sep}node_modules${path.sep}`);
    if (target) fs.symlinkSync(target, path.join(to, entry));
    else if (!isWorkspace) fs.symlinkSync(source, path.join(to, entry));
  }
}

export interface ProductionProcess {
  child: ChildProcess;
  logs(): string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

/**
 * Starts the built backend with plain node as the container does (`command` + `args` from the Deployment)
 * in `appDir`, with exactly `env`: nothing of the test's own environment (it may hold the local platform's
 * variables) reaches it but PATH and HOME.
 */
export function startProduction(options: {
  appDir: string;
  command: string[];
  args: string[];
  env: Record<string, string>;
}): ProductionProcess {
  const [cmd, ...cmdArgs] = options.command;
  if (cmd !== 'node') throw new Error(`the container runs ${cmd}, not node`);
  const child = spawn(process.execPath, [...cmdArgs, ...options.args], {
    cwd: options.appDir,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? os.tmpdir(),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', d => (log += d));
  child.stderr?.on('data', d => (log += d));
  const exited = new Promise<number | string>(resolve =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    child,
    logs: () => log,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits for the readiness endpoint; fails early with the logs when the process exits first. */
export async function waitReady(
  proc: ProductionProcess,
  baseUrl: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) {
      throw new Error(
        `backend exited with ${proc.child.exitCode}:\n${proc.logs()}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `backend not ready on ${baseUrl} after ${timeoutMs} ms:\n${proc.logs()}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
}
