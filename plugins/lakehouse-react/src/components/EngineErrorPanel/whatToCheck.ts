import type {
  EngineError,
  EngineKind,
} from '@internal/plugin-lakehouse-common';
import { engineInfo, instanceTitle } from '../engines';

/** A headline and the steps to take, for one engine error. */
export interface ErrorAdvice {
  headline: string;
  whatToCheck: string;
}

/** "within 5 s" from the backend's "... within 5000 ms". */
function timeoutText(message: string): string {
  const match = /within (\d+) ms/.exec(message);
  if (!match) return 'in time';
  const ms = Number(match[1]);
  return ms % 1000 === 0 ? `within ${ms / 1000} s` : `within ${ms} ms`;
}

/**
 * Turns an engine error into what an operator should check. Pure, so every
 * kind is covered by a test.
 */
export function adviseOnEngineError(
  engine: EngineKind,
  instance: string,
  error: EngineError,
): ErrorAdvice {
  const who = instanceTitle(engine, instance);
  const { endpoint } = engineInfo(engine);
  const urlKey = `lakehouse.engines.${engine}[].url (name: ${instance})`;
  const status = `local-platform/lp status ${engine}`;
  const logs = `local-platform/lp logs ${engine}`;
  switch (error.kind) {
    case 'timeout':
      return {
        headline: `${who} did not answer ${timeoutText(error.message)}`,
        whatToCheck: `Check that the ${endpoint} is up and not overloaded (${status}) and that ${urlKey} points at it. A slow engine may need a longer lakehouse.engines.${engine}[].timeout.`,
      };
    case 'unreachable':
      return {
        headline: `${who} cannot be reached`,
        whatToCheck: `Check that the ${endpoint} is running (${status}) and that ${urlKey} has the right host and port, reachable from the backend.`,
      };
    case 'http': {
      const code = error.status;
      let whatToCheck: string;
      if (code === 401 || code === 403) {
        whatToCheck = `The ${endpoint} or a proxy in front of it refuses the backend: check its authentication settings and ${urlKey}.`;
      } else if (code === 404) {
        whatToCheck = `${urlKey} answers, but not like the ${endpoint} REST API: check the port and the path (it must be the API base URL).`;
      } else if (code !== undefined && code >= 300 && code < 400) {
        whatToCheck = `The engine redirects, and the backend does not follow redirects: put the final URL in ${urlKey}.`;
      } else if (code !== undefined && code >= 500) {
        whatToCheck = `The ${endpoint} reports an internal error: look at its logs (${logs}) and its health (${status}).`;
      } else {
        whatToCheck = `Check the ${endpoint} (${status}) and ${urlKey}.`;
      }
      return {
        headline: `${who} answered HTTP ${code ?? 'error'}`,
        whatToCheck,
      };
    }
    case 'malformed':
      return {
        headline: `${who} sent an answer the portal cannot read`,
        whatToCheck: `Check that ${urlKey} points at the ${endpoint} and not at another service, and that its version is supported; the message below names the unexpected field.`,
      };
    case 'too-large':
      return {
        headline: `${who} sent an answer larger than the backend accepts`,
        whatToCheck: `The engine keeps too much history for one status call: lower its retained jobs/applications, or check that ${urlKey} is the ${endpoint} API.`,
      };
    default:
      return {
        headline: `${who} failed`,
        whatToCheck: `Check the ${endpoint} (${status}) and ${urlKey}.`,
      };
  }
}
