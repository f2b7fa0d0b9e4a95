import { z } from 'zod';
import type { CustomResourceRef } from '../status/types';
import type { EngineKind } from '../types';
import { customResourceStatusFieldsSchema } from './customResourceStatusFields';
import { engineKindSchema, jobSummarySchema } from './statusSchemas';

// The job detail of `GET /jobs/:engine/:instance/:jobId`: one shape per engine read through its REST API,
// and one for jobs read from an operator's custom resource. Types are inferred from these schemas, so the
// backend's mappers, the pages and the contract tests share one definition.

/**
 * A part of a detail the engine did not answer (the rest is still shown).
 * @public
 */
export const detailSectionErrorSchema = z.strictObject({
  /** Which part: `checkpoints`, `exceptions`, `submission`, ... */
  section: z.string(),
  message: z.string(),
});
/** @public */
export type DetailSectionError = z.infer<typeof detailSectionErrorSchema>;

const mib = z.number().nonnegative();

/**
 * Spark standalone: the master's application or driver record; for a driver, also the REST
 * submission server's status (which knows why a driver failed).
 * @public
 */
export const sparkJobDetailSchema = z.strictObject({
  source: z.literal('rest'),
  engine: z.literal('spark'),
  application: z
    .strictObject({
      masterState: z.string(),
      user: z.string().optional(),
      cores: z.number().optional(),
      memoryPerExecutorMiB: mib.optional(),
      /** As the master formats it (its own locale and zone). */
      submitted: z.string().optional(),
    })
    .optional(),
  driver: z
    .strictObject({
      masterState: z.string(),
      mainClass: z.string().optional(),
      worker: z.string().optional(),
      cores: z.number().optional(),
      memoryMiB: mib.optional(),
      submitted: z.string().optional(),
    })
    .optional(),
  submission: z
    .strictObject({
      driverState: z.string().optional(),
      workerHostPort: z.string().optional(),
      message: z.string().optional(),
    })
    .optional(),
  sectionErrors: z.array(detailSectionErrorSchema),
});
/** @public */
export type SparkJobDetail = z.infer<typeof sparkJobDetailSchema>;

/** @public */
export const BACKPRESSURE_LEVELS = ['ok', 'low', 'high'] as const;
/** @public */
export type BackpressureLevel = (typeof BACKPRESSURE_LEVELS)[number];

const isoOrNull = z.string().nullable();

/** One vertex of a Flink job graph. @public */
export const flinkVertexSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  parallelism: z.number(),
  status: z.string(),
  /** -1 while Flink does not know it. */
  durationMs: z.number(),
  /** null: Flink's metric fetcher has not reported yet (Flink's own 0 is then not a count). */
  readRecords: z.number().nullable().optional(),
  writeRecords: z.number().nullable().optional(),
  /** Sampled for running jobs only. */
  backpressure: z.enum(BACKPRESSURE_LEVELS).optional(),
  backpressureRatio: z.number().nullable().optional(),
  /** The lowest subtask watermark; null before the first one (or at end of input). */
  watermark: isoOrNull.optional(),
});
/** @public */
export type FlinkVertex = z.infer<typeof flinkVertexSchema>;

/** @public */
export const flinkCheckpointStatsSchema = z.strictObject({
  total: z.number(),
  inProgress: z.number(),
  completed: z.number(),
  failed: z.number(),
  latestCompletedId: z.number().nullable(),
  latestCompletedAt: isoOrNull,
});
/** @public */
export type FlinkCheckpointStats = z.infer<typeof flinkCheckpointStatsSchema>;

/** @public */
export const flinkExceptionSchema = z.strictObject({
  name: z.string().nullable(),
  time: isoOrNull,
  task: z.string().nullable(),
  /** The innermost `Caused by:` block (for PyFlink: ends with the Python error). */
  rootCause: z.string(),
  stacktrace: z.string(),
});
/** @public */
export type FlinkException = z.infer<typeof flinkExceptionSchema>;

/** Flink: the job graph's vertices, the flow through the job, checkpoints and recent exceptions. @public */
export const flinkJobDetailSchema = z.strictObject({
  source: z.literal('rest'),
  engine: z.literal('flink'),
  vertices: z.array(flinkVertexSchema),
  /** What the sources read and the sinks received; absent while unknown. */
  records: z.strictObject({ in: z.number(), out: z.number() }).optional(),
  /** The sinks' watermark: the event time the job has reached. */
  watermark: isoOrNull.optional(),
  /** null: the job keeps no checkpoints (batch jobs, checkpointing off). */
  checkpoints: flinkCheckpointStatsSchema.nullable(),
  exceptions: z.array(flinkExceptionSchema),
  sectionErrors: z.array(detailSectionErrorSchema),
});
/** @public */
export type FlinkJobDetail = z.infer<typeof flinkJobDetailSchema>;

/** Ray: the entrypoint, the driver's outcome and the tail of the job's logs. @public */
export const rayJobDetailSchema = z.strictObject({
  source: z.literal('rest'),
  engine: z.literal('ray'),
  entrypoint: z.string(),
  message: z.string().nullable(),
  errorType: z.string().nullable(),
  driverExitCode: z.number().nullable(),
  /** The end of the log (where failures are explained); null when none could be read. */
  logs: z.string().nullable(),
  logsTruncated: z.boolean(),
  logsError: z.string().nullable(),
});
/** @public */
export type RayJobDetail = z.infer<typeof rayJobDetailSchema>;

const customResourceRefSchema: z.ZodType<CustomResourceRef> = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  uid: z.string().optional(),
});

/** A Kubernetes condition as operators write them; every field optional, as in the CRDs. @public */
export const resourceConditionSchema = z.strictObject({
  type: z.string().optional(),
  status: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});
/** @public */
export type ResourceCondition = z.infer<typeof resourceConditionSchema>;

/**
 * A job read from an operator's custom resource (RayJob, SparkApplication, FlinkDeployment,
 * FlinkSessionJob): the same shape for every engine.
 * @public
 */
export const customResourceJobDetailSchema = z.strictObject({
  source: z.literal('kubernetes'),
  engine: engineKindSchema,
  /** The `kubernetes.clusterLocatorMethods` cluster it was read from. */
  cluster: z.string(),
  resource: customResourceRefSchema,
  rawState: z.string(),
  message: z.string().nullable(),
  conditions: z.array(resourceConditionSchema),
  /**
   * Allow-listed status fields by dotted path ({@link CUSTOM_RESOURCE_STATUS_FIELDS}), never the raw
   * status: that holds the last reconciled spec, with the engine's configuration and pod env.
   */
  status: customResourceStatusFieldsSchema,
});
/** @public */
export type CustomResourceJobDetail = z.infer<
  typeof customResourceJobDetailSchema
>;

/**
 * A job the engine no longer knows, as the portal kept it (`lakehouse_job_history`): its last state is
 * the summary's; this adds what was kept when it ended and how it was submitted.
 * @public
 */
export const historyJobDetailSchema = z.strictObject({
  source: z.literal('history'),
  engine: engineKindSchema,
  /** When the portal last saw the job on its engine (ISO 8601). */
  lastSeenAt: z.string(),
  /** The end of its logs or its error, read when it ended; null when nothing could be read. */
  logTail: z.string().nullable(),
  /** The user who submitted it through the portal; null for jobs started elsewhere. */
  submittedBy: z.string().nullable(),
  /** What it was submitted with (jobs the portal submitted). */
  entrypoint: z.string().nullable(),
  args: z.array(z.string()),
});
/** @public */
export type HistoryJobDetail = z.infer<typeof historyJobDetailSchema>;

/**
 * A job's engine-specific detail, discriminated by `source` (the engine's REST API or a Kubernetes
 * custom resource) and, for REST, by `engine`.
 * @public
 */
export const jobDetailSchema = z.union([
  sparkJobDetailSchema,
  flinkJobDetailSchema,
  rayJobDetailSchema,
  customResourceJobDetailSchema,
  historyJobDetailSchema,
]);
/** @public */
export type JobDetail = z.infer<typeof jobDetailSchema>;

/** `GET /jobs/:engine/:instance/:jobId`. @public */
export const jobDetailResponseSchema = z
  .strictObject({
    job: jobSummarySchema,
    detail: jobDetailSchema,
  })
  .refine(r => r.detail.engine === r.job.engine, {
    message: "detail.engine must be the job's engine",
  });
/** @public */
export type JobDetailResponse = z.infer<typeof jobDetailResponseSchema>;

/** The detail of a job read through one engine's REST API. @public */
export type RestJobDetail<E extends EngineKind = EngineKind> = Extract<
  JobDetail,
  { source: 'rest'; engine: E }
>;

/**
 * Narrows a job detail to one engine's REST shape (e.g. the fraud card reads Flink's).
 * @public
 */
export function isRestJobDetail<E extends EngineKind>(
  detail: JobDetail,
  engine: E,
): detail is RestJobDetail<E> {
  return detail.source === 'rest' && detail.engine === engine;
}
