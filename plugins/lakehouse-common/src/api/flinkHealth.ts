import {
  BACKPRESSURE_LEVELS,
  type BackpressureLevel,
  type FlinkJobDetail,
} from './jobDetail';

/**
 * A running Flink job's health at a glance; a figure Flink has not reported is absent.
 * @public
 */
export interface FlinkJobHealth {
  /** Records the sources read, and records the sinks received. */
  records?: { in: number; out: number };
  /** Event time the job has reached (the sinks' watermark). */
  watermark?: string;
  latestCheckpointAt?: string;
  failedCheckpoints?: number;
  /** The worst backpressure level of any vertex Flink sampled. */
  backpressure?: BackpressureLevel;
}

/**
 * The health figures of a Flink job detail, for the job drawer and the fraud pipeline card.
 * @public
 */
export function flinkJobHealth(detail: FlinkJobDetail): FlinkJobHealth {
  const levels = detail.vertices
    .map(v =>
      v.backpressure ? BACKPRESSURE_LEVELS.indexOf(v.backpressure) : -1,
    )
    .filter(i => i >= 0);
  const health: FlinkJobHealth = {
    records: detail.records,
    watermark: detail.watermark ?? undefined,
    latestCheckpointAt: detail.checkpoints?.latestCompletedAt ?? undefined,
    failedCheckpoints: detail.checkpoints?.failed,
    backpressure:
      levels.length > 0 ? BACKPRESSURE_LEVELS[Math.max(...levels)] : undefined,
  };
  return Object.fromEntries(
    Object.entries(health).filter(([, v]) => v !== undefined),
  ) as FlinkJobHealth;
}
