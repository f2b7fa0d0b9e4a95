import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { describeZodError } from '@internal/plugin-lakehouse-common';
import {
  requireUserRef,
  type AuditedActions,
  type CallContext,
  type ObjectStore,
} from '@internal/plugin-lakehouse-node';
import {
  promoteRequestSchema,
  recommenderModelPromotePermission,
  type ModelVersion,
  type PromotionState,
} from '@internal/plugin-recommender-common';
import type { ModelVersionsService } from '../versions/ModelVersionsService';
import { modelJsonProblem } from './modelJson';
import {
  nextState,
  parsePromotedFile,
  rollbackTarget,
  serializePromotedFile,
} from './promotedFile';

/** What promoted.json holds now: the promotion, or why it cannot be read; the ETag to write against. */
export type PromotionRead =
  | { state: PromotionState | null; etag?: string; error?: undefined }
  | {
      state: null;
      error: string;
      /** The object store failed (rather than the file being malformed). */
      unavailable?: boolean;
      etag?: undefined;
    };

/** Who promotes: a user (a service acting on its own is refused, see {@link requireUserRef}). */
function promoterRef(ctx: CallContext): string {
  return requireUserRef(
    ctx,
    'Only users may promote or roll back model versions',
  );
}

/**
 * Promotes model versions for the serving app: writes `<prefix>/promoted.json`, which the Ray
 * Serve app reads, after checking that the version is one the app can load (a ready row of the
 * table, its artifact where the app looks, model.json of this version in the expected format,
 * model.npz present). Every promotion and rollback goes through {@link AuditedActions}: audited,
 * and allowed by `recommender.model.promote` on the serving app's catalog entity. A refused one
 * changes nothing. Writes are conditional on promoted.json being as it was read, so two
 * promotions racing (here or on another replica) cannot lose one another's history.
 */
export class PromotionService {
  /** Promotions of this replica, one at a time (another replica's race is caught by the conditional write). */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: {
      store: ObjectStore;
      /** Key prefix of the models, without trailing slash. */
      prefix: string;
      versions: ModelVersionsService;
      audited: AuditedActions;
      servingEntity: string;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  get promotedKey(): string {
    return `${this.options.prefix}/promoted.json`;
  }

  artifactPrefix(versionId: string): string {
    return `${this.options.prefix}/versions/${versionId}/`;
  }

  /** promoted.json as it is now: a missing one is no promotion, a malformed one is reported, not thrown. */
  async read(): Promise<PromotionRead> {
    const { store } = this.options;
    let object;
    try {
      object = await store.get(this.promotedKey);
    } catch (e) {
      return {
        state: null,
        unavailable: true,
        error: `Could not read ${store.uri(this.promotedKey)}: ${
          (e as Error).message
        }`,
      };
    }
    if (!object) return { state: null };
    try {
      return { state: parsePromotedFile(object.body), etag: object.etag };
    } catch (e) {
      return {
        state: null,
        error: `${store.uri(this.promotedKey)} is unreadable: ${
          (e as Error).message
        }`,
      };
    }
  }

  /** `POST /promote`: body `{ versionId }`. */
  promote(body: unknown, ctx: CallContext): Promise<PromotionState> {
    const versionId = (body as { versionId?: unknown } | undefined)?.versionId;
    return this.options.audited.run(
      {
        eventId: 'model-promote',
        severityLevel: 'medium',
        permission: recommenderModelPromotePermission,
        resourceRef: this.options.servingEntity,
        meta: {
          versionId: typeof versionId === 'string' ? versionId : null,
          servingEntity: this.options.servingEntity,
        },
      },
      ctx,
      () =>
        this.#serialized(async () => {
          const by = promoterRef(ctx);
          const parsed = promoteRequestSchema.safeParse(body ?? {});
          if (!parsed.success) {
            throw new InputError(
              `Invalid promotion: ${describeZodError(parsed.error)}`,
            );
          }
          const target = parsed.data.versionId;
          const current = await this.#current();
          if (current.state?.versionId === target) {
            throw new ConflictError(`Version ${target} is already promoted`);
          }
          return this.#write(current, target, 'promote', by);
        }),
    );
  }

  /** `POST /rollback`: back to the version promoted before the current one. */
  rollback(body: unknown, ctx: CallContext): Promise<PromotionState> {
    return this.options.audited.run(
      {
        eventId: 'model-rollback',
        severityLevel: 'medium',
        permission: recommenderModelPromotePermission,
        resourceRef: this.options.servingEntity,
        meta: { servingEntity: this.options.servingEntity },
      },
      ctx,
      () =>
        this.#serialized(async () => {
          const by = promoterRef(ctx);
          if (
            body !== undefined &&
            (typeof body !== 'object' ||
              body === null ||
              Array.isArray(body) ||
              Object.keys(body).length > 0)
          ) {
            throw new InputError(
              'Invalid rollback: it takes no body (or {}); it goes back to the version promoted before the current one',
            );
          }
          const current = await this.#current();
          if (!current.state) {
            throw new ConflictError(
              'Nothing is promoted yet: there is nothing to roll back',
            );
          }
          const target = rollbackTarget(current.state);
          if (!target) {
            throw new ConflictError(
              `Version ${current.state.versionId} is the only promotion on record: there is no earlier version to roll back to`,
            );
          }
          return this.#write(current, target, 'rollback', by);
        }),
    );
  }

  #serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** promoted.json to change; refused while it is unreadable (its history would be lost). */
  async #current(): Promise<PromotionRead & { error?: undefined }> {
    const current = await this.read();
    if (current.error !== undefined && current.unavailable) {
      throw new ServiceUnavailableError(
        `${current.error}. Nothing was changed: try again`,
      );
    }
    if (current.error !== undefined) {
      throw new ConflictError(
        `${current.error}. Nothing was changed: repair or remove it first (only the portal writes it)`,
      );
    }
    return current;
  }

  async #write(
    current: PromotionRead & { error?: undefined },
    versionId: string,
    action: 'promote' | 'rollback',
    promotedBy: string,
  ): Promise<{ result: PromotionState; meta: Record<string, string | null> }> {
    const { store, logger, now = () => new Date() } = this.options;
    await this.#checkLoadable(versionId);
    const state = nextState(current.state, {
      versionId,
      artifactPrefix: this.artifactPrefix(versionId),
      promotedAt: now(),
      promotedBy,
      action,
    });
    await store.put(
      this.promotedKey,
      serializePromotedFile(state),
      current.etag ? { ifMatch: current.etag } : { ifAbsent: true },
    );
    const previous = current.state?.versionId ?? null;
    logger.info(
      `${
        action === 'promote' ? 'Promoted' : 'Rolled back to'
      } model version ${versionId} (was ${previous ?? 'none'}) for ${
        state.promotedBy
      }`,
    );
    return {
      result: state,
      meta: { versionId, previousVersionId: previous, action },
    };
  }

  /** Refuses a version the serving app could not load, saying why. */
  async #checkLoadable(versionId: string): Promise<void> {
    const { versions, store } = this.options;
    let version: ModelVersion | undefined = versions.get(versionId);
    if (!version) {
      // Trained since the last read, perhaps.
      await versions.refresh();
      version = versions.get(versionId);
    }
    if (!version) {
      const stale = versions.snapshot().stale;
      throw new NotFoundError(
        `No model version ${versionId} in ${versions.table}${
          stale ? ` (and the table could not be read: ${stale.error})` : ''
        }`,
      );
    }
    if (version.status !== 'ready') {
      throw new ConflictError(
        `Version ${versionId} is ${version.status}${
          version.error ? ` (${version.error.slice(0, 300)})` : ''
        }: only ready versions can be promoted`,
      );
    }
    const prefix = this.artifactPrefix(versionId);
    const expected = store.uri(prefix);
    if (
      version.artifactUri &&
      version.artifactUri.replace(/\/*$/, '/') !== expected
    ) {
      throw new ConflictError(
        `Version ${versionId}'s artifact is at ${version.artifactUri}, not at ${expected} where the serving app loads models (recommender.bucket and recommender.prefix)`,
      );
    }
    const modelJson = await store.get(`${prefix}model.json`);
    if (!modelJson) {
      throw new ConflictError(
        `Version ${versionId} cannot be promoted: ${store.uri(
          `${prefix}model.json`,
        )} does not exist`,
      );
    }
    const problem = modelJsonProblem(modelJson.body, versionId);
    if (problem) {
      throw new ConflictError(
        `Version ${versionId} cannot be promoted: ${problem}`,
      );
    }
    if (!(await store.exists(`${prefix}model.npz`))) {
      throw new ConflictError(
        `Version ${versionId} cannot be promoted: ${store.uri(
          `${prefix}model.npz`,
        )} does not exist`,
      );
    }
  }
}
