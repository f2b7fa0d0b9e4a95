import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';

/** Who asks, and the HTTP request it came in (for the audit event). */
export interface CallContext {
  credentials: BackstageCredentials;
  request?: Request;
}

/** What one mutation tells the auditor before it runs. */
export interface AuditedAction {
  eventId: string;
  severityLevel: 'low' | 'medium' | 'high' | 'critical';
  permission: BasicPermission;
  meta: JsonObject;
}

/**
 * The one path every mutation takes: an audit event is opened, the permission is checked (a denial is
 * audited as a failure too), the action runs, and its outcome closes the event.
 */
export class AuditedActions {
  constructor(
    private readonly deps: {
      permissions: PermissionsService;
      auditor: AuditorService;
    },
  ) {}

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
      meta: what.meta,
    });
    try {
      const [decision] = await this.deps.permissions.authorize(
        [{ permission: what.permission }],
        { credentials: ctx.credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`Missing permission ${what.permission.name}`);
      }
      const { result, meta } = await action();
      await event.success(meta ? { meta } : undefined);
      return result;
    } catch (e) {
      await event.fail({ error: e as Error });
      throw toApiError(e);
    }
  }
}
