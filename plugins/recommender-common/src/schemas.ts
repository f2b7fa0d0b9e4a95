import { z } from 'zod';

/** An ISO 8601 time. @public */
export const isoTimeSchema = z
  .string()
  .refine(v => !Number.isNaN(Date.parse(v)), {
    message: 'must be an ISO 8601 time',
  });

/** Data older than its source's last good read: the read's error and since when. @public */
export const staleSchema = z.strictObject({
  error: z.string(),
  since: isoTimeSchema,
});
const nullableNumber = z.number().nullable();

/**
 * What a version id may be: it names a folder of the object store (`<prefix>/versions/<id>/`),
 * so no `/`, and it starts with a letter or digit (no `..`). The training job writes
 * `rec-YYYYMMDD-HHMMSS-xxxxxx`.
 * @public
 */
export const VERSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** @public */
export const versionIdSchema = z
  .string()
  .regex(
    VERSION_ID_PATTERN,
    'must be 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

/**
 * Held-out metrics of a version; null when the run failed before evaluating.
 * @public
 */
export interface ModelMetrics {
  rmse: number | null;
  precisionAt10: number | null;
  recallAt10: number | null;
  /** The popularity baseline's, on the same held-out data. */
  baselinePrecisionAt10: number | null;
  baselineRecallAt10: number | null;
}

/**
 * One training run: a row of the model versions table (`recsys.model_versions`), camelCased.
 * Only `ready` versions can be promoted. Failed runs have no artifact and usually no metrics.
 * @public
 */
export interface ModelVersion {
  versionId: string;
  /** When the run started (ISO 8601). */
  createdAt: string;
  status: 'ready' | 'failed';
  /** Why the run failed. */
  error: string | null;
  /** `s3://bucket/<prefix>/versions/<versionId>/`; null for failed runs. */
  artifactUri: string | null;
  /** What the model was trained on (`s3://…` of the clickstream). */
  dataSource: string;
  /** Which state of the data (ETag, size, modification time). */
  dataSnapshot: string | null;
  numEvents: number | null;
  numUsers: number | null;
  numProducts: number | null;
  /** The training parameters (the table keeps them as JSON text); null when that text is not a JSON object. */
  params: Record<string, unknown> | null;
  metrics: ModelMetrics;
  trainingSeconds: number | null;
  /** The Ray job that trained it. */
  rayJobId: string | null;
}

/**
 * One promotion or rollback, oldest first in {@link PromotionState.history}.
 * @public
 */
export interface PromotionHistoryEntry {
  versionId: string;
  promotedAt: string;
  /** The entity ref of the user who did it. */
  promotedBy: string;
  action: 'promote' | 'rollback';
}

/**
 * What the serving app loads: `promoted.json` of the object store, camelCased.
 * @public
 */
export interface PromotionState {
  versionId: string;
  /** The version's folder in the bucket, `<prefix>/versions/<versionId>/`. */
  artifactPrefix: string;
  promotedAt: string;
  promotedBy: string;
  /** Oldest first, newest last; the last entry is the current promotion. Bounded (oldest dropped). */
  history: PromotionHistoryEntry[];
}

/**
 * `GET /api/recommender/versions`.
 * @public
 */
export interface ModelVersionsResponse {
  /** `namespace.table` the versions are read from. */
  table: string;
  /** Newest first (by `createdAt`). Empty while the table does not exist (no training has run). */
  versions: ModelVersion[];
  /** The promoted version; null when none has been promoted or `promoted.json` is unreadable. */
  promoted: PromotionState | null;
  /**
   * The catalog entity promotions are decided on (`recommender.servingEntity`): the
   * `resourceRef` of `recommender.model.promote`, for a page to ask whether its user may.
   */
  servingEntity?: string;
  /** Why `promoted.json` could not be read (malformed, or the object store failed). */
  promotedError?: string;
  /**
   * The last read of the table failed: `versions` are from the last good read (empty if there was
   * none). `since`: when the first of the failures in a row happened (ISO 8601).
   */
  stale?: { error: string; since: string };
}

/**
 * `POST /api/recommender/promote`.
 * @public
 */
export interface PromoteRequest {
  versionId: string;
}

/** @public */
export const modelMetricsSchema: z.ZodType<ModelMetrics> = z.strictObject({
  rmse: nullableNumber,
  precisionAt10: nullableNumber,
  recallAt10: nullableNumber,
  baselinePrecisionAt10: nullableNumber,
  baselineRecallAt10: nullableNumber,
});

/** @public */
export const modelVersionSchema: z.ZodType<ModelVersion> = z.strictObject({
  versionId: z.string().min(1),
  createdAt: isoTimeSchema,
  status: z.enum(['ready', 'failed']),
  error: z.string().nullable(),
  artifactUri: z.string().nullable(),
  dataSource: z.string(),
  dataSnapshot: z.string().nullable(),
  numEvents: z.number().int().nonnegative().nullable(),
  numUsers: z.number().int().nonnegative().nullable(),
  numProducts: z.number().int().nonnegative().nullable(),
  params: z.record(z.string(), z.unknown()).nullable(),
  metrics: modelMetricsSchema,
  trainingSeconds: z.number().nonnegative().nullable(),
  rayJobId: z.string().nullable(),
});

/** @public */
export const promotionHistoryEntrySchema: z.ZodType<PromotionHistoryEntry> =
  z.strictObject({
    versionId: z.string().min(1),
    promotedAt: isoTimeSchema,
    promotedBy: z.string().min(1),
    action: z.enum(['promote', 'rollback']),
  });

/** @public */
export const promotionStateSchema: z.ZodType<PromotionState> = z.strictObject({
  versionId: z.string().min(1),
  artifactPrefix: z.string().min(1),
  promotedAt: isoTimeSchema,
  promotedBy: z.string().min(1),
  history: z.array(promotionHistoryEntrySchema),
});

/** @public */
export const modelVersionsResponseSchema: z.ZodType<ModelVersionsResponse> = z
  .strictObject({
    table: z.string(),
    versions: z.array(modelVersionSchema),
    promoted: promotionStateSchema.nullable(),
    servingEntity: z.string().min(1).optional(),
    promotedError: z.string().optional(),
    stale: staleSchema.optional(),
  })
  .refine(
    r =>
      r.versions.every(
        (v, i) =>
          i === 0 ||
          Date.parse(r.versions[i - 1].createdAt) >= Date.parse(v.createdAt),
      ),
    { message: 'versions are newest first' },
  )
  .refine(r => !(r.promoted && r.promotedError), {
    message: 'promoted.json is either read or unreadable',
  });

/**
 * The body of `POST /api/recommender/promote`.
 * @public
 */
export const promoteRequestSchema: z.ZodType<PromoteRequest> = z.strictObject({
  versionId: versionIdSchema,
});
