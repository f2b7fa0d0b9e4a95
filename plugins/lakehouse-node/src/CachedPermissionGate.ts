import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';

const TTL_MS = 10_000;
const MAX_PRINCIPALS = 10_000;

/**
 * Decides one basic permission per principal and keeps the decision for 10 s:
 * the reads a page polls every few seconds (`lakehouse.status.read`,
 * `fraud.dashboard.read`), and `lakehouse.lineage.write`, which an engine's
 * OpenLineage transport asks for with every event of a run. Every request is
 * authorized, but without a round trip to the permission backend each time
 * (that call was most of a status request's cost). A policy change takes
 * effect within 10 s, no longer than the data served may be stale. Not for job
 * and project actions: submit, cancel and the like are authorized every time.
 * @public
 */
export class CachedPermissionGate {
  readonly #decisions = new Map<string, { allowed: boolean; until: number }>();

  constructor(
    private readonly permissions: PermissionsService,
    private readonly permission: BasicPermission,
    private readonly now: () => number = Date.now,
  ) {}

  async check(credentials: BackstageCredentials): Promise<void> {
    const key = principalKey(credentials);
    const cached = key ? this.#decisions.get(key) : undefined;
    let allowed =
      cached && cached.until > this.now() ? cached.allowed : undefined;
    if (allowed === undefined) {
      const [decision] = await this.permissions.authorize(
        [{ permission: this.permission }],
        { credentials },
      );
      allowed = decision.result === AuthorizeResult.ALLOW;
      if (key) this.#remember(key, allowed);
    }
    if (!allowed) {
      throw new NotAllowedError(`Missing permission ${this.permission.name}`);
    }
  }

  #remember(key: string, allowed: boolean) {
    // Oldest first out when full (Map keeps insertion order; re-inserting moves a key to the end).
    this.#decisions.delete(key);
    if (this.#decisions.size >= MAX_PRINCIPALS)
      this.#decisions.delete(this.#decisions.keys().next().value!);
    this.#decisions.set(key, { allowed, until: this.now() + TTL_MS });
  }
}

function principalKey(credentials: BackstageCredentials): string | undefined {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user' && p.userEntityRef) return `user:${p.userEntityRef}`;
  if (p.type === 'service' && p.subject) return `service:${p.subject}`;
  return undefined;
}
