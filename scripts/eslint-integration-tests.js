/**
 * ESLint overrides for test code that the rules know only by `*.test.*` and `__testUtils__`:
 * `*.integration.ts` (real engines, PostgreSQL, a kube-apiserver; they boot other plugins beside
 * the one they test, as the portal's backend does, and are never built) and the harness they
 * share; and a package's `testUtils` entry point, which re-exports its `__testUtils__`.
 */
module.exports = [
  {
    files: ['src/**/*.integration.ts', 'src/testing/**'],
    rules: {
      '@backstage/no-undeclared-imports': 'off',
      '@backstage/no-mixed-plugin-imports': 'off',
      'no-restricted-imports': 'off',
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['src/testUtils.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
];
