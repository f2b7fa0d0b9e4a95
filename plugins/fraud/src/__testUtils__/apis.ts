import { registerMswTestHooks } from '@backstage/frontend-test-utils';
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
