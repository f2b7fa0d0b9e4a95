import { arrayField, field, objectField } from './DetailList';

const LEVELS = ['ok', 'low', 'high'];

/** A running Flink job's health at a glance, read from the backend's Flink job detail. */
export interface FlinkJobHealth {
  /** Records the sources emitted, and records the sinks received. */
  records?: { in: number; out: number };
  /** Event time the job has reached (the sinks' watermark). */
  watermark?: string;
  latestCheckpointAt?: string;
  failedCheckpoints?: number;
  /** The worst backpressure level of any vertex Flink sampled. */
  backpressure?: 'ok' | 'low' | 'high';
}

/**
 * Pulls the health figures out of a Flink job detail without trusting its
 * shape: a missing or malformed field is simply absent.
 * @public
 */
export function flinkJobHealth(detail: unknown): FlinkJobHealth {
  const records = objectField(detail, 'records');
  const recordsIn = field(records, 'in', 'number');
  const recordsOut = field(records, 'out', 'number');
  const checkpoints = objectField(detail, 'checkpoints');
  const levels = arrayField(detail, 'vertices')
    .map(v => LEVELS.indexOf(field(v, 'backpressure', 'string') ?? ''))
    .filter(i => i >= 0);
  const health: FlinkJobHealth = {
    ...(recordsIn !== undefined &&
      recordsOut !== undefined && {
        records: { in: recordsIn, out: recordsOut },
      }),
    watermark: field(detail, 'watermark', 'string'),
    latestCheckpointAt: field(checkpoints, 'latestCompletedAt', 'string'),
    failedCheckpoints: field(checkpoints, 'failed', 'number'),
    ...(levels.length > 0 && {
      backpressure: LEVELS[
        Math.max(...levels)
      ] as FlinkJobHealth['backpressure'],
    }),
  };
  return Object.fromEntries(
    Object.entries(health).filter(([, v]) => v !== undefined),
  ) as FlinkJobHealth;
}
