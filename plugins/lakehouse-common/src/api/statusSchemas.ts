import { z } from 'zod';
import {
  ENGINE_KINDS,
  JOB_STATES,
  type ClusterSummary,
  type EngineError,
  type EngineKind,
  type EngineSnapshot,
  type JobLink,
  type JobState,
  type JobSummary,
  type JobsPage,
  type ResourceUsage,
  type ServiceSummary,
} from '../types';

// Schemas of the status types in ../types.ts. Each is typed against its interface, so the compiler
// refuses a schema that drifts from the type the backend returns and the pages read.

/** @public */
export const engineKindSchema: z.ZodType<EngineKind> = z.enum(
  ENGINE_KINDS as [EngineKind, ...EngineKind[]],
);

/** @public */
export const jobStateSchema: z.ZodType<JobState> = z.enum(
  JOB_STATES as [JobState, ...JobState[]],
);

const isoTime = z.string().refine(v => !Number.isNaN(Date.parse(v)), {
  message: 'must be an ISO 8601 time',
});

const jobLinkSchema: z.ZodType<JobLink> = z.strictObject({
  title: z.string(),
  url: z.string(),
});

/** @public */
export const jobSummarySchema: z.ZodType<JobSummary> = z.strictObject({
  id: z.string(),
  name: z.string(),
  engine: engineKindSchema,
  instance: z.string(),
  kind: z.enum(['application', 'driver', 'job']),
  state: jobStateSchema,
  rawState: z.string(),
  startTime: isoTime.optional(),
  endTime: isoTime.optional(),
  durationMs: z.number().nonnegative().optional(),
  links: z.array(jobLinkSchema),
  fromHistory: z.literal(true).optional(),
  streaming: z.boolean().optional(),
});

const usageSchema: z.ZodType<ResourceUsage> = z.strictObject({
  used: z.number(),
  total: z.number(),
});

/** @public */
export const clusterSummarySchema: z.ZodType<ClusterSummary> = z.strictObject({
  nodeKind: z.enum(['worker', 'taskmanager', 'node']),
  nodes: z.strictObject({ alive: z.number(), total: z.number() }),
  cpu: usageSchema.optional(),
  slots: usageSchema.optional(),
  memoryBytes: usageSchema.optional(),
  version: z.string().optional(),
});

/** @public */
export const engineErrorSchema: z.ZodType<EngineError> = z.strictObject({
  kind: z.enum(['timeout', 'unreachable', 'http', 'malformed', 'too-large']),
  message: z.string(),
  status: z.number().int().optional(),
});

/** @public */
export const serviceSummarySchema: z.ZodType<ServiceSummary> = z.strictObject({
  name: z.string(),
  rawStatus: z.string(),
  routePrefix: z.string().optional(),
});

/** The snapshot fields every answer about an instance carries (everything but its data). */
export const snapshotMetaShape = {
  engine: engineKindSchema,
  instance: z.string(),
  fetchedAt: isoTime.optional(),
  ageMs: z.number().nonnegative().optional(),
  error: engineErrorSchema.optional(),
  failedAt: isoTime.optional(),
};

/** `GET /engines/:engine/:instance`. @public */
export const engineSnapshotSchema: z.ZodType<EngineSnapshot> = z.strictObject({
  ...snapshotMetaShape,
  data: z
    .strictObject({
      cluster: clusterSummarySchema,
      jobs: z.array(jobSummarySchema),
      services: z.array(serviceSummarySchema).optional(),
    })
    .optional(),
});

/** `GET /jobs`. @public */
export const jobsPageSchema: z.ZodType<JobsPage> = z.strictObject({
  items: z.array(jobSummarySchema),
  total: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  offset: z.number().int().nonnegative(),
  errors: z.array(
    z.strictObject({
      engine: engineKindSchema,
      instance: z.string(),
      error: engineErrorSchema.optional(),
      ageMs: z.number().nonnegative().optional(),
    }),
  ),
});
