import type { AuthService } from '@backstage/backend-plugin-api';
import { boundedFetch } from '@internal/plugin-lakehouse-node';

/** What a caller needs of a lakehouse-common response schema (zod). */
export interface ResponseSchema<T> {
  safeParse(value: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: Array<{ path: PropertyKey[]; message: string }> };
      };
}

/**
 * GET of a lakehouse backend route as this plugin (service-to-service token), bounded in time and
 * size, checked against its schema. Throws with a message fit for a log line.
 */
export async function lakehouseGet<T>(
  options: {
    auth: Pick<
      AuthService,
      'getOwnServiceCredentials' | 'getPluginRequestToken'
    >;
    timeoutMs: number;
    maxBytes: number;
  },
  baseUrl: string,
  path: string,
  schema: ResponseSchema<T>,
): Promise<T> {
  const { auth } = options;
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: await auth.getOwnServiceCredentials(),
    targetPluginId: 'lakehouse',
  });
  const res = await boundedFetch({
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes,
  })(`${baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  if (!res.ok) {
    let message = text.slice(0, 300);
    try {
      message = JSON.parse(text)?.error?.message ?? message;
    } catch {
      // not JSON: the text says it
    }
    throw new Error(`GET ${path} answered HTTP ${res.status}: ${message}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`GET ${path} answered something that is not JSON`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `GET ${path} answered unexpected JSON at '${
        issue?.path.join('.') || '(root)'
      }': ${issue?.message}`,
    );
  }
  return parsed.data;
}
