import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../repoRoot';
import type { K8sObject } from './objects';

/** The repository's manifests: k8s/base, k8s/overlays/*, k8s/job-templates. */
export const K8S_DIR = path.join(REPO_ROOT, 'k8s');
export const KUSTOMIZE_BIN = path.join(REPO_ROOT, '.tools', 'bin', 'kustomize');
const INSTALL_SCRIPT = 'k8s/scripts/install-kustomize.sh';

export function assertKustomizeInstalled(): void {
  if (!fs.existsSync(KUSTOMIZE_BIN)) {
    throw new Error(
      `kustomize not found at ${KUSTOMIZE_BIN}. Install it with: bash ${INSTALL_SCRIPT}`,
    );
  }
}

export function parseYamlObjects(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((doc, i) => {
    if (doc.errors.length > 0) {
      throw new Error(
        `${source}: YAML document ${i}: ${doc.errors[0].message}`,
      );
    }
    const value = doc.toJS();
    return value ? [value as K8sObject] : [];
  });
}

/**
 * Runs `kustomize build` on a copy of k8s/base and k8s/overlays in a temp dir, where every
 * secret env file is replaced by its committed `.env.example`, so the result never contains a
 * developer's real local credentials and does not depend on git-ignored files.
 * `relDir` is relative to k8s/, e.g. `overlays/production`.
 */
export function renderKustomization(relDir: string): K8sObject[] {
  assertKustomizeInstalled();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-render-'));
  try {
    for (const dir of ['base', 'overlays']) {
      fs.cpSync(path.join(K8S_DIR, dir), path.join(tmp, dir), {
        recursive: true,
        filter: src => !/\.env$/.test(src),
      });
    }
    for (const example of findFiles(tmp, /\.env\.example$/)) {
      fs.copyFileSync(example, example.replace(/\.example$/, ''));
    }
    const out = execFileSync(KUSTOMIZE_BIN, ['build', path.join(tmp, relDir)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return parseYamlObjects(out, `kustomize build k8s/${relDir}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function findFiles(dir: string, pattern: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(full, pattern);
    return pattern.test(entry.name) ? [full] : [];
  });
}
