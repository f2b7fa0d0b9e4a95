// The colleague's validator in k8s/ (ajv over the real CRD schemas, with the
// Kubernetes structural-schema quirks handled). Imported, not copied, so both
// packages validate the same way; the CRD folder is resolved from here.
// Test-only: @internal/k8s-manifests is not (and should not become) a dependency.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { CrdValidator } from '../../../../../k8s/src/__testUtils__/crdValidation';
import { CRD_DIR } from './crds';

let validator: CrdValidator | undefined;

/** One validator per test file: loading and compiling the CRDs takes seconds. */
export function crdValidator(): CrdValidator {
  validator ??= new CrdValidator(CRD_DIR);
  return validator;
}
