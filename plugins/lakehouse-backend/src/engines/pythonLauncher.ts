import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { readFileSync } from 'node:fs';
import type { ProjectArchive } from '../staging/ProjectArchive';
import type { AppSettings } from './appSettings';

/** Staged beside the app's files; a Python identifier, so Flink can run it with `-pym`. */
export const LAUNCHER_MODULE = '_lakehouse_launch';
export const LAUNCHER_FILE = `${LAUNCHER_MODULE}.py`;

let source: Buffer | undefined;
function launcherSource(): Buffer {
  source ??= readFileSync(
    resolvePackagePath(
      '@internal/plugin-lakehouse-backend',
      'python/lakehouse_launch.py',
    ),
  );
  return source;
}

/** How the launcher finds the app: a file (Spark's driver) or a module (Flink's `-pym`). */
export type LaunchTarget = { path: string } | { module: string };

/**
 * The app's project with the launcher added, and the launcher's first
 * argument: what it installs and sets before it runs the app. Secrets are
 * never in it: the argument is visible in the engines' UIs.
 */
export function withLauncher(
  project: ProjectArchive,
  target: LaunchTarget,
  settings: Pick<AppSettings, 'requirements' | 'env'>,
): { project: ProjectArchive; launcherArg: string } {
  if (project.files.some(f => f.path === LAUNCHER_FILE)) {
    throw new InputError(
      `The project contains ${LAUNCHER_FILE}, the name of the portal's launcher: rename that file`,
    );
  }
  const launcherArg = Buffer.from(
    JSON.stringify({
      ...target,
      requirements: settings.requirements,
      env: settings.env,
    }),
  ).toString('base64');
  return {
    project: project.withFile(LAUNCHER_FILE, launcherSource()),
    launcherArg,
  };
}
