import { LAKEHOUSE_ROUTES } from '../api/routes';

/** What a test's HTTP client (supertest, fetch) knows of an answer. */
export interface ContractResponse {
  status: number;
  body: unknown;
  /** Method and path of the request: supertest's `res.req`. */
  req: { method: string; path: string };
}

/**
 * Checks a successful answer of the real lakehouse backend against the route's schema in
 * lakehouse-common: a field the backend renames, drops or retypes fails the test that made the call.
 * Returns the body for chaining. Error answers (4xx, 5xx) are Backstage's error shape, not checked here.
 */
export function expectLakehouseContract<T = unknown>(res: ContractResponse): T {
  const url = new URL(res.req.path, 'http://x');
  const path = url.pathname.replace(/^\/api\/lakehouse/, '');
  const route = LAKEHOUSE_ROUTES.find(
    r => r.method === res.req.method && r.path.test(path),
  );
  if (!route)
    throw new Error(
      `${res.req.method} ${path} is not a route of the lakehouse contract (LAKEHOUSE_ROUTES)`,
    );
  if (res.status >= 300) return res.body as T;
  const parsed = route.response.safeParse(res.body);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 10)
      .map(i => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n');
    throw new Error(
      `${res.req.method} ${path} answered outside its contract:\n${issues}`,
    );
  }
  return res.body as T;
}
