import { S3Client } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './repoRoot';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** `local-platform/lp` of this repository. */
const LP = join(REPO_ROOT, 'local-platform', 'lp');

/**
 * Starts the engines the integration tests need through the local platform's
 * harness and remembers what this run started (`--started-file`), so
 * `stop()` stops only that, never engines a colleague already had running.
 */
export class LocalPlatform {
  readonly #dir = mkdtempSync(join(tmpdir(), 'lakehouse-it-'));
  readonly #startedFile = join(this.#dir, 'started.json');
  env: Record<string, string> = {};

  async start(
    engines: string[],
  ): Promise<{ started: string[]; reused: string[] }> {
    // Cold installs of the engines can take minutes; a hung start must still end the run.
    await run(LP, ['up', ...engines, '--started-file', this.#startedFile], {
      timeout: 900_000,
    });
    const { stdout } = await run(LP, ['env'], { timeout: 60_000 });
    for (const line of stdout.split('\n')) {
      const match = /^export (\w+)='(.*)'$/.exec(line.trim());
      if (match) this.env[match[1]] = match[2];
    }
    return JSON.parse(readFileSync(this.#startedFile, 'utf8'));
  }

  /** A client of the local S3 server, with its credentials (after `start`). */
  s3Client(): S3Client {
    return new S3Client({
      endpoint: this.env.S3_ENDPOINT,
      region: this.env.AWS_REGION ?? 'us-east-1',
      forcePathStyle: true,
      credentials: {
        accessKeyId: this.env.AWS_ACCESS_KEY_ID,
        secretAccessKey: this.env.AWS_SECRET_ACCESS_KEY,
      },
    });
  }

  /** `lp datagen` with these arguments: the deterministic demo data, uploaded to the S3 server. */
  async datagen(args: string[]): Promise<string> {
    const { stdout } = await run(LP, ['datagen', ...args], {
      timeout: 300_000,
      env: { ...process.env, ...this.env },
    });
    return stdout;
  }

  async stop(): Promise<void> {
    try {
      await run(LP, ['down', '--started-file', this.#startedFile], {
        timeout: 300_000,
      });
    } finally {
      rmSync(this.#dir, { recursive: true, force: true });
    }
  }
}

/** Polls `probe` until it returns a value, failing with the last observation after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 1_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, everyMs));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}; last error: ${last}`,
  );
}
