import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  objectRef,
  type K8sObject,
  type Violation,
} from '@internal/lakehouse-test-utils';
import { K8S_DIR } from './render';

const SCRIPT = path.join(K8S_DIR, 'scripts', 'validate-core-models.mjs');

/** apiVersions whose kinds kubernetes-models ships (core and built-in API groups). */
export function isCoreKind(obj: K8sObject): boolean {
  const group = obj.apiVersion.includes('/')
    ? obj.apiVersion.split('/')[0]
    : '';
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/**
 * Validates core objects with kubernetes-models' own validators (`new Deployment(obj).validate()`).
 * Runs in a plain Node process because kubernetes-models 5.x is ESM-only (see the script).
 */
export function validateCoreObjects(objects: K8sObject[]): Violation[] {
  if (objects.length === 0) return [];
  const out = execFileSync(process.execPath, [SCRIPT], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    cwd: K8S_DIR,
    maxBuffer: 64 * 1024 * 1024,
  });
  const results = JSON.parse(out) as {
    index: number;
    errors: { path: string; message: string }[];
  }[];
  return results.flatMap(r =>
    r.errors.map(e => `${objectRef(objects[r.index])}: ${e.path} ${e.message}`),
  );
}
