import { ResponseError } from '@backstage/errors';

/**
 * The most useful text of an error: for a backend error response, its status
 * and the backend's own message ("HTTP 503: flink instance 'local' did not answer: ..."),
 * rather than ResponseError's generic "Request failed with 503".
 * @public
 */
export function describeError(error: Error): string {
  if (ResponseError.is(error)) {
    const cause = error.cause?.message;
    return cause && cause !== error.message
      ? `HTTP ${error.statusCode}: ${cause}`
      : error.message;
  }
  return error.message;
}

/** The HTTP status of a backend error response, if it is one. */
export function errorStatus(error: Error | undefined): number | undefined {
  return error && ResponseError.is(error) ? error.statusCode : undefined;
}
