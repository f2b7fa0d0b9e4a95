import { lakehouseApiRef } from '../api/LakehouseApi';
import { LakehouseClient } from '../api/LakehouseClient';

/** Where msw answers for the lakehouse backend in tests. @public */
export const LAKEHOUSE_TEST_BASE_URL = 'http://backstage.test/api/lakehouse';

/**
 * The real client against msw at {@link LAKEHOUSE_TEST_BASE_URL}, as an `apis` pair for renderInTestApp.
 * @public
 */
export function lakehouseApiPair() {
  const client = new LakehouseClient({
    discoveryApi: { getBaseUrl: async () => LAKEHOUSE_TEST_BASE_URL },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  return [lakehouseApiRef, client] as const;
}
