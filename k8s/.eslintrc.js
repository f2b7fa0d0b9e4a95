module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // Integration tests (a real kube-apiserver) are tests too, but these rules only
      // know `*.test.*` and `__testUtils__` by name.
      files: ['src/**/*.integration.ts'],
      rules: {
        '@backstage/no-undeclared-imports': 'off',
        'no-restricted-imports': 'off',
      },
    },
  ],
});
