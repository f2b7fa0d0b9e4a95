import fs from 'node:fs';
import path from 'node:path';
import {
  K8S_DIR,
  parseYamlObjects,
  type K8sObject,
} from '@internal/lakehouse-test-utils';

export type { K8sObject };
export {
  K8S_DIR,
  REPO_ROOT,
  parseYamlObjects,
  renderKustomization,
} from '@internal/lakehouse-test-utils';

export const OVERLAYS = fs
  .readdirSync(path.join(K8S_DIR, 'overlays'), { withFileTypes: true })
  .filter(d => d.isDirectory())
  .map(d => d.name)
  .sort();

/** Job resources the portal submits; kept as templates next to the manifests, not deployed. */
export function loadJobTemplates(): K8sObject[] {
  const dir = path.join(K8S_DIR, 'job-templates');
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .flatMap(f =>
      parseYamlObjects(
        fs.readFileSync(path.join(dir, f), 'utf8'),
        `k8s/job-templates/${f}`,
      ),
    );
}
