import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { K8S_DIR, REPO_ROOT, type K8sObject } from './render';

/** The image that carries the platform's apps: what its Dockerfile copies where, and its PYTHONPATH. */
export const RAY_APPS_DOCKERFILE = path.join(K8S_DIR, 'images/ray/Dockerfile');

export type ImageCopy = { src: string; dest: string };

export function rayAppsImage(): { copies: ImageCopy[]; pythonPath: string[] } {
  const lines = fs.readFileSync(RAY_APPS_DOCKERFILE, 'utf8').split('\n');
  const copies = lines
    .filter(l => /^COPY\s/.test(l))
    .map(l => l.split(/\s+/).filter(w => !w.startsWith('--')))
    .map(([, src, dest]) => ({ src, dest }));
  const env = lines.find(l => /^ENV PYTHONPATH=/.test(l));
  return {
    copies,
    pythonPath: env ? env.replace(/^ENV PYTHONPATH=/, '').split(':') : [],
  };
}

/** The repository file or folder a path in the image comes from, or undefined when the image has no such path. */
export function repoPathOf(
  imagePath: string,
  copies: ImageCopy[],
): string | undefined {
  for (const { src, dest } of copies) {
    if (imagePath === dest) return src;
    if (imagePath.startsWith(`${dest}/`))
      return `${src}/${imagePath.slice(dest.length + 1)}`;
  }
  // A folder the copies fill (e.g. the app folder holding main.py and the package).
  for (const { src, dest } of copies) {
    const rel = dest.startsWith(`${imagePath}/`)
      ? dest.slice(imagePath.length + 1)
      : undefined;
    if (rel && src.endsWith(`/${rel}`)) return src.slice(0, -rel.length - 1);
  }
  return undefined;
}

export const repoFileExists = (rel: string) =>
  fs.existsSync(path.join(REPO_ROOT, rel));

export type ServeApplication = {
  name: string;
  import_path: string;
  route_prefix?: string;
  args?: Record<string, unknown>;
  runtime_env?: { env_vars?: Record<string, string> };
};

export function serveApplications(service: K8sObject): ServeApplication[] {
  return (parseYaml(service.spec.serveConfigV2)?.applications ??
    []) as ServeApplication[];
}

/** A RayJob's entrypoint as `python <file> args...`, and the env_vars of its runtime environment. */
export function rayJobCommand(job: K8sObject): {
  file: string;
  argv: string[];
  env: Record<string, string>;
} {
  const [python, file, ...argv] = String(job.spec.entrypoint)
    .trim()
    .split(/\s+/);
  if (python !== 'python')
    throw new Error(`RayJob/${job.metadata.name}: entrypoint is not python`);
  const runtimeEnv = job.spec.runtimeEnvYAML
    ? parseYaml(job.spec.runtimeEnvYAML)
    : {};
  return { file, argv, env: runtimeEnv?.env_vars ?? {} };
}
