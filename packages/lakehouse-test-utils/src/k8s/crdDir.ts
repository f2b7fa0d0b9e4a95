import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the operators' CRDs are, for every TypeScript test: the folder `local-platform/lp crds` generates from
 * the package registries (KubeRay via controller-gen from its Go module, the
 * Flink operator's API jar from Maven Central, spark-operator DERIVED from
 * PyPI kubeflow-spark-api; see local-platform/crds). `LAKEHOUSE_CRDS_DIR`
 * overrides it (relative paths from the repository root), as in
 * local-platform/crds for the Python side. Test-only code.
 */
import { REPO_ROOT } from '../repoRoot';

export const CRDS_COMMAND = 'local-platform/lp crds';
export const CRDS_ENV = 'LAKEHOUSE_CRDS_DIR';
/** Written last by a complete `lp crds` run. */
export const CRDS_STAMP = 'lp-crds.stamp';

export const CRD_DIR = (() => {
  const override = process.env[CRDS_ENV];
  if (override) return path.resolve(REPO_ROOT, override);
  return path.join(REPO_ROOT, 'local-platform', '.install', 'crds');
})();

/**
 * Throws, naming the command to run, unless `dir` holds the CRDs: the default
 * folder must carry the stamp of a complete `lp crds` run; a folder named by
 * LAKEHOUSE_CRDS_DIR only has to exist.
 */
export function assertCrdDir(dir: string = CRD_DIR): void {
  if (process.env[CRDS_ENV] && dir === CRD_DIR) {
    if (!fs.existsSync(dir)) {
      throw new Error(
        `${CRDS_ENV}=${dir}: no such folder (unset it to use what \`${CRDS_COMMAND}\` writes)`,
      );
    }
    return;
  }
  if (!fs.existsSync(path.join(dir, CRDS_STAMP))) {
    throw new Error(
      `The operators' CRDs are not generated yet (${dir} has no ${CRDS_STAMP}). ` +
        `Run \`${CRDS_COMMAND}\` (fetches them from the package registries; under a minute cold, then seconds).`,
    );
  }
}
