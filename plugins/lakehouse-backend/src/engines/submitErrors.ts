import { EngineFetchError } from './http';
import { redactSecrets } from './redact';
import { describeAnswer, SendResult } from './sendRequest';

/**
 * A submission the engine refused or could not take. The message names the
 * engine, the endpoint and what to do, because it ends up in a task log read
 * by someone who did not write the template. It also quotes the engine
 * (a program's output, a stack trace), so credentials are masked here, once
 * for every path to a response, a task log or an audit event.
 */
export class SubmitError extends Error {
  readonly name = 'SubmitError';
  constructor(
    message: string,
    /** True when the engine could not be reached at all (a 503 for API callers). */
    readonly unavailable = false,
  ) {
    super(redactSecrets(message));
  }
}

export function expectStatus(
  what: string,
  result: SendResult,
  ok: (status: number) => boolean,
  hint: string,
): void {
  if (!ok(result.status)) {
    throw new SubmitError(
      `${what} answered HTTP ${result.status}: ${describeAnswer(
        result.body,
      )}. ${hint}`,
    );
  }
}

/** Runs an engine call, turning transport failures into an actionable {@link SubmitError}. */
export async function engineCall<T>(
  what: string,
  hint: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof EngineFetchError) {
      throw new SubmitError(`${what} failed: ${e.message}. ${hint}`, true);
    }
    throw e;
  }
}
