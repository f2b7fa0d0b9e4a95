import { lakehouseApiRef } from '../api/LakehouseApi';
import { LakehouseClient } from '../api/LakehouseClient';
import { BASE_URL } from './fixtures';

/** The real client against msw, as an `apis` pair for renderInTestApp. */
export function lakehouseApiPair() {
  const client = new LakehouseClient({
    discoveryApi: { getBaseUrl: async () => BASE_URL },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  return [lakehouseApiRef, client] as const;
}
