import { parquetTimestampMs } from '@internal/plugin-lakehouse-node';
import type { ModelVersion } from '@internal/plugin-recommender-common';

/** The columns of the model versions table, as the training job writes them. */
export const MODEL_VERSION_COLUMNS = [
  'version_id',
  'created_at',
  'status',
  'error',
  'artifact_uri',
  'data_source',
  'data_snapshot',
  'num_events',
  'num_users',
  'num_products',
  'params',
  'rmse',
  'precision_at_10',
  'recall_at_10',
  'baseline_precision_at_10',
  'baseline_recall_at_10',
  'training_seconds',
  'ray_job_id',
];

function toIso(value: unknown): string | undefined {
  const ms = parquetTimestampMs(value);
  return ms !== undefined && Number.isFinite(ms)
    ? new Date(ms).toISOString()
    : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Longs arrive as BigInt, ints and doubles as numbers; NaN and infinities are no number. */
function num(value: unknown): number | null {
  let n = NaN;
  if (typeof value === 'bigint') n = Number(value);
  else if (typeof value === 'number') n = value;
  return Number.isFinite(n) ? n : null;
}

function count(value: unknown): number | null {
  const n = num(value);
  return n !== null && Number.isInteger(n) && n >= 0 ? n : null;
}

function jsonObject(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? parsed
      : null;
  } catch {
    return null;
  }
}

/**
 * One row of the table as the API answers it, or why it cannot be (no version id, no creation
 * time, an unknown status): such a row is left out. Never throws: rows read from the table are
 * applied whole or not at all.
 */
export function toModelVersion(
  row: Record<string, unknown>,
): ModelVersion | { invalid: string } {
  const versionId = text(row.version_id);
  if (!versionId) return { invalid: 'a row without version_id' };
  const createdAt = toIso(row.created_at);
  if (!createdAt)
    return { invalid: `version ${versionId} has no valid created_at` };
  const status = row.status;
  if (status !== 'ready' && status !== 'failed') {
    return {
      invalid: `version ${versionId} has status '${String(
        status,
      )}' (not ready or failed)`,
    };
  }
  return {
    versionId,
    createdAt,
    status,
    error: text(row.error),
    artifactUri: text(row.artifact_uri),
    dataSource: text(row.data_source) ?? '',
    dataSnapshot: text(row.data_snapshot),
    numEvents: count(row.num_events),
    numUsers: count(row.num_users),
    numProducts: count(row.num_products),
    params: jsonObject(row.params),
    metrics: {
      rmse: num(row.rmse),
      precisionAt10: num(row.precision_at_10),
      recallAt10: num(row.recall_at_10),
      baselinePrecisionAt10: num(row.baseline_precision_at_10),
      baselineRecallAt10: num(row.baseline_recall_at_10),
    },
    trainingSeconds: (() => {
      const n = num(row.training_seconds);
      return n !== null && n >= 0 ? n : null;
    })(),
    rayJobId: text(row.ray_job_id),
  };
}
