/**
 * The repository's shared test utilities (private, dev-only): the operators' CRDs and a validator over
 * them, the manifest policy, the local platform harness and the fraud detector zipped for submission.
 *
 * @packageDocumentation
 */

export { REPO_ROOT } from './repoRoot';
export type { K8sObject, Violation } from './k8s/objects';
export { objectRef } from './k8s/objects';
export {
  CRD_DIR,
  CRDS_COMMAND,
  CRDS_ENV,
  CRDS_STAMP,
  assertCrdDir,
} from './k8s/crdDir';
export { CrdValidator, formatAjvError, toJsonSchema } from './k8s/CrdValidator';
export {
  CRD_FILES,
  crdSchema,
  crdValidator,
  loadCrd,
  schemaAt,
} from './k8s/operatorCrds';
export * from './k8s/policy';
export {
  K8S_DIR,
  KUSTOMIZE_BIN,
  assertKustomizeInstalled,
  parseYamlObjects,
  renderKustomization,
} from './k8s/kustomize';
export { LocalPlatform, waitFor } from './localPlatform';
export { FRAUD_APP_DIR, zipFraudApp, zipPlatformApp } from './platformApps';
