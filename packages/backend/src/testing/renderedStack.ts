import {
  renderKustomization,
  type K8sObject,
} from '@internal/lakehouse-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './backend';

/** Where the ConfigMap `portal-app-config` is mounted in the pod (k8s/base/portal/deployment.yaml). */
const CONFIG_MOUNT = '/etc/backstage';
/**
 * What an overlay deploys for the portal, taken from `kustomize build` so a test cannot drift from it:
 * the backend container's command and args, its env ConfigMap and the mounted app-config files.
 */
export interface RenderedPortal {
  objects: K8sObject[];
  /** The container's command, e.g. [node, packages/backend]. */
  command: string[];
  /** The container's args, paths under /etc/backstage mapped into `configDir`. */
  args: string[];
  /** The `--config` files in the Deployment's order, absolute (relative ones resolved in `workDir`). */
  configFiles: string[];
  /** ConfigMap `portal-env`, given to the container with envFrom. */
  env: Record<string, string>;
  /** The container's own `env` entries (NODE_ENV). */
  containerEnv: Record<string, string>;
  /** Holds the ConfigMap `portal-app-config`'s files; removed by cleanup(). */
  configDir: string;
  /** Parsed content of each file of `portal-app-config`. */
  mountedConfigs: Record<string, any>;
  cleanup(): void;
}

export function findObject(
  objects: K8sObject[],
  kind: string,
  name: string,
): K8sObject {
  const found = objects.find(o => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`the rendered overlay has no ${kind}/${name}`);
  return found;
}

/**
 * Renders `k8s/overlays/<overlay>` and resolves the portal's config stack as the pod sees it: relative
 * `--config` paths are relative to the image's WORKDIR (the repository's layout, see
 * packages/backend/Dockerfile), files under /etc/backstage come from ConfigMap `portal-app-config`.
 * `workDir` stands in for the image's /app.
 */
export function renderPortal(overlay: string, workDir: string): RenderedPortal {
  const objects = renderKustomization(`overlays/${overlay}`);
  const deployment = findObject(objects, 'Deployment', 'portal');
  const container = deployment.spec.template.spec.containers.find(
    (c: { name: string }) => c.name === 'backend',
  );
  const appConfig = findObject(objects, 'ConfigMap', 'portal-app-config');
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-etc-'));
  const mountedConfigs: Record<string, any> = {};
  for (const [file, text] of Object.entries<string>(appConfig.data)) {
    fs.writeFileSync(path.join(configDir, file), text);
    mountedConfigs[file] = parse(text);
  }
  const args = (container.args ?? []).map((arg: string) =>
    arg.startsWith(`${CONFIG_MOUNT}/`)
      ? path.join(configDir, path.relative(CONFIG_MOUNT, arg))
      : arg,
  );
  const configFiles = args
    .filter((_: string, i: number) => args[i - 1] === '--config')
    .map((arg: string) => path.resolve(workDir, arg));
  if (configFiles.length === 0) {
    throw new Error('the portal container has no --config arguments');
  }
  const envFrom: Array<{ configMapRef?: { name: string } }> =
    container.envFrom ?? [];
  const env: Record<string, string> = {};
  for (const ref of envFrom) {
    if (!ref.configMapRef) continue;
    Object.assign(
      env,
      findObject(objects, 'ConfigMap', ref.configMapRef.name).data,
    );
  }
  const containerEnv = Object.fromEntries(
    (container.env ?? []).map((e: { name: string; value: string }) => [
      e.name,
      e.value,
    ]),
  );
  return {
    objects,
    command: container.command,
    args,
    configFiles,
    env,
    containerEnv,
    configDir,
    mountedConfigs,
    cleanup: () => fs.rmSync(configDir, { recursive: true, force: true }),
  };
}

/**
 * The keys of Secret `portal-secrets`. The production overlay ships no Secret; its keys are the ones the
 * local overlay's committed example lists (k8s/README.md documents the same).
 */
export function portalSecretKeys(): string[] {
  const example = fs.readFileSync(
    path.join(repoRoot, 'k8s/overlays/local/secrets/portal.env.example'),
    'utf8',
  );
  return example
    .split('\n')
    .map(line => /^([A-Z_][A-Z0-9_]*)=/.exec(line.trim())?.[1])
    .filter((k): k is string => Boolean(k));
}
