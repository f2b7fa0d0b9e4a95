import { z } from 'zod';
import type { EngineKind } from '../types';
import { engineKindSchema } from './statusSchemas';

// Job controls beyond cancel: Flink savepoints (trigger, stop with one) and reruns of a job the portal submitted,
// from its kept project, optionally resuming a Flink job from one of its savepoints or retained checkpoints.

/** `POST /jobs/flink/:instance/:jobId/stop`: stop with a savepoint. @public */
export const stopJobRequestSchema = z.strictObject({
  /** Flush event-time windows before stopping (MAX_WATERMARK): for a job not meant to resume. */
  drain: z.boolean().default(false),
});
/** @public */
export type StopJobRequest = z.input<typeof stopJobRequestSchema>;

/** `POST /jobs/flink/:instance/:jobId/savepoints` and `.../stop`: where the savepoint was written. @public */
export interface SavepointResponse {
  engine: EngineKind;
  instance: string;
  jobId: string;
  location: string;
  /** True for a stop with savepoint: the job has ended. */
  stopped: boolean;
  durationMs: number;
}
/** @public */
export const savepointResponseSchema: z.ZodType<SavepointResponse> =
  z.strictObject({
    engine: engineKindSchema,
    instance: z.string(),
    jobId: z.string(),
    location: z.string().min(1),
    stopped: z.boolean(),
    durationMs: z.number().nonnegative(),
  });

/** A state a Flink job can resume from: one of its savepoints or retained checkpoints. @public */
export interface RestorePoint {
  kind: 'savepoint' | 'checkpoint';
  path: string;
  /** ISO 8601. */
  completedAt?: string;
  /** True for the newest completed checkpoint or savepoint. */
  latest: boolean;
}

/** `GET /jobs/:engine/:instance/:jobId/restore-points`, newest first. @public */
export interface RestorePointsResponse {
  engine: EngineKind;
  instance: string;
  jobId: string;
  points: RestorePoint[];
  /** Why there are none, when there are none. */
  message?: string;
}
/** @public */
export const restorePointsResponseSchema: z.ZodType<RestorePointsResponse> =
  z.strictObject({
    engine: engineKindSchema,
    instance: z.string(),
    jobId: z.string(),
    points: z.array(
      z.strictObject({
        kind: z.enum(['savepoint', 'checkpoint']),
        path: z.string().min(1),
        completedAt: z.string().optional(),
        latest: z.boolean(),
      }),
    ),
    message: z.string().optional(),
  });

/** `POST /jobs/:engine/:instance/:jobId/rerun`. @public */
export const rerunJobRequestSchema = z.strictObject({
  /** Flink: a restore point of the job (its path, from restore-points) to resume from. */
  restoreFrom: z.string().min(1).max(2048).optional(),
  /** Flink: start even if some of the saved state belongs to no operator of the new job. */
  allowNonRestoredState: z.boolean().default(false),
});
/** @public */
export type RerunJobRequest = z.input<typeof rerunJobRequestSchema>;
