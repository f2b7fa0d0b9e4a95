import { REPO_ROOT } from '@internal/lakehouse-test-utils';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** An injected fraudster, as the simulator logs it. */
export interface InjectedBurst {
  userId: string;
  windowStart: string;
}

/**
 * The clickstream simulator on this machine (`lp simulate`, the Ray job's own
 * code) with these arguments, and the bursts it injects as they are logged:
 * the truth a detector's alerts are checked against.
 */
export function startSimulator(args: string[]) {
  const child = spawn(
    join(REPO_ROOT, 'local-platform', 'lp'),
    ['simulate', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  child.stdout.setEncoding('utf8');
  const injected: InjectedBurst[] = [];
  child.stdout.on('data', (chunk: string) => {
    for (const m of chunk.matchAll(
      /burst by (\S+) in the window starting (\S+Z)/g,
    ))
      injected.push({ userId: m[1], windowStart: m[2] });
  });
  return { injected, stop: () => child.kill() };
}
