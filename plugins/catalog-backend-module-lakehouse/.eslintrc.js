module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // Integration tests (real engines) are tests too, but these rules only
      // know `*.test.*` and `__testUtils__` by name. They boot the lakehouse
      // backend beside this module, as the portal's backend does.
      files: ['src/**/*.integration.ts'],
      rules: {
        '@backstage/no-undeclared-imports': 'off',
        '@backstage/no-mixed-plugin-imports': 'off',
        'no-restricted-imports': 'off',
      },
    },
  ],
});
