import { describeZodError } from '@internal/plugin-lakehouse-common';
import {
  isoTimeSchema as isoTime,
  type PromotionHistoryEntry,
  type PromotionState,
} from '@internal/plugin-recommender-common';
import { z } from 'zod';

/** promoted.json keeps this many history entries (the oldest are dropped). */
export const HISTORY_LIMIT = 100;

/** promoted.json as the serving app reads it (snake_case); unknown fields are ignored. */
const promotedFileSchema = z.object({
  version_id: z.string().min(1),
  artifact_prefix: z.string().min(1),
  promoted_at: isoTime,
  promoted_by: z.string().min(1),
  history: z.array(
    z.object({
      version_id: z.string().min(1),
      promoted_at: isoTime,
      promoted_by: z.string().min(1),
      action: z.enum(['promote', 'rollback']),
    }),
  ),
});

/** The promotion in `body`, or an Error saying why promoted.json is not one. */
export function parsePromotedFile(body: Buffer): PromotionState {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new Error(`it is not JSON (${(e as Error).message})`);
  }
  const parsed = promotedFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `it is not a promotion: ${describeZodError(parsed.error).slice(0, 500)}`,
    );
  }
  const f = parsed.data;
  return {
    versionId: f.version_id,
    artifactPrefix: f.artifact_prefix,
    promotedAt: f.promoted_at,
    promotedBy: f.promoted_by,
    history: f.history.map(h => ({
      versionId: h.version_id,
      promotedAt: h.promoted_at,
      promotedBy: h.promoted_by,
      action: h.action,
    })),
  };
}

export function serializePromotedFile(state: PromotionState): string {
  return `${JSON.stringify(
    {
      version_id: state.versionId,
      artifact_prefix: state.artifactPrefix,
      promoted_at: state.promotedAt,
      promoted_by: state.promotedBy,
      history: state.history.map(h => ({
        version_id: h.versionId,
        promoted_at: h.promotedAt,
        promoted_by: h.promotedBy,
        action: h.action,
      })),
    },
    null,
    2,
  )}\n`;
}

// Shared with the Recommendations page (its roll back button names the target).
export { rollbackTarget } from '@internal/plugin-recommender-common';

/** The state after promoting (or rolling back to) `versionId`: history appended, then bounded. */
export function nextState(
  current: PromotionState | null,
  change: Omit<PromotionHistoryEntry, 'promotedAt'> & {
    promotedAt: Date;
    artifactPrefix: string;
  },
  limit = HISTORY_LIMIT,
): PromotionState {
  const promotedAt = change.promotedAt.toISOString();
  const entry: PromotionHistoryEntry = {
    versionId: change.versionId,
    promotedAt,
    promotedBy: change.promotedBy,
    action: change.action,
  };
  return {
    versionId: change.versionId,
    artifactPrefix: change.artifactPrefix,
    promotedAt,
    promotedBy: change.promotedBy,
    history: [...(current?.history ?? []), entry].slice(-limit),
  };
}
