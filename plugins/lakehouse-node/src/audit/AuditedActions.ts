import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { JsonObject, JsonValue } from '@backstage/types';
import { redactSecrets } from './redact';

/**
 * Who asks, and the HTTP request it came in (for the audit event).
 * @public
 */
export interface CallContext {
  credentials: BackstageCredentials;
  request?: Parameters<AuditorService['createEvent']>[0]['request'];
}

/**
 * The user behind a call (possibly through another plugin acting on their behalf). A service acting on
 * its own is refused with `refusal`: Backstage's permissions client allows service principals without
 * asking the policy (only an external token's access restrictions limit them), so a policy's
 * "users only" cannot apply to them; an action that only users may take checks here.
 * @public
 */
export function requireUserRef(ctx: CallContext, refusal: string): string {
  const p = ctx.credentials.principal as {
    type: string;
    userEntityRef?: string;
  };
  if (p.type !== 'user' || !p.userEntityRef) throw new NotAllowedError(refusal);
  return p.userEntityRef;
}

/**
 * What one mutation tells the auditor before it runs.
 * @public
 */
export type AuditedAction = {
  eventId: string;
  severityLevel: 'low' | 'medium' | 'high' | 'critical';
  meta: JsonObject;
} & (
  | { permission: BasicPermission; resourceRef?: undefined }
  /** Decided per resource: the policy may answer with conditions this plugin evaluates. */
  | { permission: ResourcePermission; resourceRef: string }
);

/**
 * The one path every mutation takes: an audit event is opened, the permission is checked (a denial is
 * audited as a failure too), the action runs, and its outcome closes the event.
 * @public
 */
export class AuditedActions {
  readonly #redact: (text: string) => string;

  constructor(
    private readonly deps: {
      permissions: PermissionsService;
      auditor: AuditorService;
      /**
       * Masks credentials in every string that goes into an audit event (metadata and error
       * messages), before it is cut to size. Default: {@link redactSecrets} of this package; a
       * plugin that registers its own known secrets elsewhere passes its redaction here.
       */
      redact?: (text: string) => string;
    },
  ) {
    this.#redact = deps.redact ?? redactSecrets;
  }

  /**
   * Runs `action` if allowed. It returns its result and what the success event should add;
   * `toApiError` turns what it throws into what the caller sees (the event keeps the original).
   */
  async run<T>(
    what: AuditedAction,
    ctx: CallContext,
    action: () => Promise<{ result: T; meta?: JsonObject }>,
    toApiError: (e: unknown) => unknown = e => e,
  ): Promise<T> {
    const event = await this.deps.auditor.createEvent({
      eventId: what.eventId,
      severityLevel: what.severityLevel,
      request: ctx.request,
      meta: boundAuditMeta(what.meta, this.#redact),
    });
    try {
      const [decision] = await this.deps.permissions.authorize(
        [
          what.resourceRef === undefined
            ? { permission: what.permission }
            : { permission: what.permission, resourceRef: what.resourceRef },
        ],
        { credentials: ctx.credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`Missing permission ${what.permission.name}`);
      }
      const { result, meta } = await action();
      await event.success(
        meta ? { meta: boundAuditMeta(meta, this.#redact) } : undefined,
      );
      return result;
    } catch (e) {
      await event.fail({ error: boundAuditError(e, this.#redact) });
      throw toApiError(e);
    }
  }
}

const MAX_AUDIT_STRING = 1024;
const MAX_AUDIT_ITEMS = 32;
const MAX_AUDIT_DEPTH = 4;

type Redact = (text: string) => string;

/**
 * Audit events go to log pipelines with their own limits: a caller-chosen string (a job name, an
 * engine's error text) is cut, long lists are shortened and deep objects flattened, so one request
 * cannot make an audit line of megabytes. Every string is redacted first.
 * @public
 */
export function boundAuditMeta(
  meta: JsonObject,
  redact: Redact = redactSecrets,
): JsonObject {
  return bound(meta, 0, redact) as JsonObject;
}

function bound(value: JsonValue, depth: number, redact: Redact): JsonValue {
  if (typeof value === 'string') return cut(value, redact);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_AUDIT_DEPTH) return cut(JSON.stringify(value), redact);
  if (Array.isArray(value)) {
    const items = value
      .slice(0, MAX_AUDIT_ITEMS)
      .map(v => bound(v, depth + 1, redact));
    return value.length > MAX_AUDIT_ITEMS
      ? [...items, `... ${value.length - MAX_AUDIT_ITEMS} more`]
      : items;
  }
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, MAX_AUDIT_ITEMS)
      .map(([k, v]) => [cut(k, redact), bound(v ?? null, depth + 1, redact)]),
  );
}

/** Redacted (an engine's answer can quote credentials), then cut. */
function cut(text: string, redact: Redact): string {
  const s = redact(text);
  return s.length > MAX_AUDIT_STRING
    ? `${s.slice(0, MAX_AUDIT_STRING)}... (${
        s.length - MAX_AUDIT_STRING
      } more characters)`
    : s;
}

function boundAuditError(e: unknown, redact: Redact): Error {
  if (!(e instanceof Error)) return new Error(cut(String(e), redact));
  const message = cut(e.message, redact);
  if (message === e.message) return e;
  const short = new Error(message);
  short.name = e.name;
  return short;
}
