import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

/**
 * Browser tests run against the production build: the backend serves the built app
 * (`yarn workspace app build` first; ./portal test does it) on a port of its own, so a
 * `./portal start` running beside it does not get in the way.
 */
const port = Number(process.env.E2E_PORT ?? 7099);

export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 30_000 },
  webServer: {
    command: `node scripts/e2e-backend.js ${port}`,
    url: `http://127.0.0.1:${port}/.backstage/health/v1/readiness`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
  },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
    ['json', { outputFile: 'test-results/e2e.json' }],
  ],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    // Debian's Chromium: Playwright's own browser download cannot work on these machines.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
  projects: generateProjects(),
});
