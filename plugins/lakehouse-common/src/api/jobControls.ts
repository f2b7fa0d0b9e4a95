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

/**
 * `POST /jobs/:engine/:instance/:jobId/state`: suspend or resume a job that is a custom resource, with
 * its operator's own semantics: a FlinkSessionJob's `spec.job.state` (and `upgradeMode`: how the
 * operator keeps state when suspending, e.g. with a savepoint), a RayJob's or SparkApplication's
 * `spec.suspend`. @public
 */
export const jobStateRequestSchema = z.strictObject({
  state: z.enum(['suspended', 'running']),
  /**
   * FlinkSessionJob only: savepoint (default: written before it stops, restored on resume) or stateless.
   * The Flink operator refuses last-state for session jobs.
   */
  upgradeMode: z.enum(['savepoint', 'stateless']).optional(),
});
/** @public */
export type JobStateRequest = z.input<typeof jobStateRequestSchema>;

/** What was changed on the resource; the operator then acts on it. @public */
export interface JobStateResponse {
  engine: EngineKind;
  instance: string;
  jobId: string;
  kind: string;
  state: 'suspended' | 'running';
  /** The spec fields set, e.g. `{ "spec.job.state": "suspended", "spec.job.upgradeMode": "savepoint" }`. */
  changed: Record<string, string | boolean>;
}
/** @public */
export const jobStateResponseSchema: z.ZodType<JobStateResponse> =
  z.strictObject({
    engine: engineKindSchema,
    instance: z.string(),
    jobId: z.string(),
    kind: z.string(),
    state: z.enum(['suspended', 'running']),
    changed: z.record(z.string(), z.union([z.string(), z.boolean()])),
  });
