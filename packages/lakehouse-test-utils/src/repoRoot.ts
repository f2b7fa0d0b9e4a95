import path from 'node:path';

/**
 * The repository's root (this package sits in `packages/`): the test harness reads the local platform,
 * the apps and the generated CRDs from there. Test-only code, never bundled.
 */
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
