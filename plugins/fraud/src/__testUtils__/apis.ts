import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/** Where the test app's APIs live; msw answers there. */
export const BASE = 'http://backstage.test/api';
export const discoveryApi = {
  getBaseUrl: async (id: string) => `${BASE}/${id}`,
};
export const fetchApi = {
  fetch: (input: any, init?: any) => fetch(input, init),
};

/** An msw server registered with the test's lifecycle. */
export function mswServer() {
  const server = setupServer();
  registerMswTestHooks(server);
  return server;
}

/** What the fraud backend answers before the detector has created its table. */
export const noAlertsTable = () =>
  http.get(`${BASE}/fraud/summary`, () =>
    HttpResponse.json({
      state: 'missing',
      table: 'fraud.alerts',
      message:
        'The table fraud.alerts does not exist yet: start the fraud detection job',
    }),
  );
