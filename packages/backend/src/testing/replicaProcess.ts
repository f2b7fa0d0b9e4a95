import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, type RunningBackend } from './backend';

const BACKEND_DIR = path.join(repoRoot, 'packages/backend');

/**
 * Runs packages/backend's sources with node and Backstage's TypeScript loader, as `backstage-cli
 * package start` does, but without its file watcher: that one restarts the backend whenever a source
 * file it loaded changes, and a replica that restarts mid-soak because someone saved a file would
 * fail the test for nothing. The spawned process is the server, so its pid is the one to kill or measure.
 */
export async function startBackendProcess(options: {
  configs: string[];
  extraConfig: object;
  env: Record<string, string>;
  port: number;
  timeoutMs?: number;
}): Promise<RunningBackend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-replica-'));
  const override = path.join(dir, 'app-config.test.json');
  fs.writeFileSync(override, JSON.stringify(options.extraConfig));
  const transform = path.join(
    repoRoot,
    'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
  );
  const args = ['--enable-source-maps', '--require', transform, 'src/index'];
  for (const c of [...options.configs, override]) args.push('--config', c);

  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: BACKEND_DIR,
    env: {
      ...process.env,
      ...options.env,
      NODE_ENV: 'development',
      ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A soak logs every request: keep the tail, for the error message of a failed start.
  let log = '';
  const keep = (d: Buffer) => (log = (log + d).slice(-1_000_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise(r => child.once('exit', r));
  const alive = () => child.exitCode === null && child.signalCode === null;

  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (;;) {
    if (!alive())
      throw new Error(`backend exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`backend not ready on ${baseUrl}:\n${log}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }

  return {
    baseUrl,
    logs: () => log,
    serverPid: () => child.pid!,
    async stop() {
      if (alive()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
