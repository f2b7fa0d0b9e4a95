import { z } from 'zod';
import type { SubmitJobResult } from '../submit/submitRequest';
import {
  engineInstanceNameSchema,
  jobNameSchema,
} from '../submit/submitRequest';
import {
  JOB_STATES,
  type ClusterSummary,
  type EngineKind,
  type EngineSnapshot,
  type JobState,
  type JobsPage,
  type ServiceSummary,
} from '../types';
import { jobDetailResponseSchema } from './jobDetail';
import { lineageEventAcceptedSchema, lineageResponseSchema } from './lineage';
import {
  nessieRefsResponseSchema,
  platformHealthResponseSchema,
  tableCommitsResponseSchema,
  tableDetailResponseSchema,
  tableDiffResponseSchema,
  tableRowsResponseSchema,
} from './tables';
import {
  jobStateResponseSchema,
  restorePointsResponseSchema,
  savepointResponseSchema,
} from './jobControls';
import {
  clusterSummarySchema,
  engineKindSchema,
  engineSnapshotSchema,
  jobsPageSchema,
  jobStateSchema,
  serviceSummarySchema,
  snapshotMetaShape,
} from './statusSchemas';

// The `/api/lakehouse` routes: each request's parameters and each answer, as types and schemas. The backend
// parses its input with these schemas and returns these types; the frontend and `-node` clients read them.

/** Spark app/driver ids, Flink hex ids, Ray submission ids and `Kind:namespace:name` all fit. @public */
export const JOB_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** @public */
export const jobIdSchema = z
  .string()
  .regex(JOB_ID_PATTERN, 'must be an engine job id');

/** `/engines/:engine/:instance`, `POST /jobs/:engine/:instance`. @public */
export const engineParamsSchema = z.object({
  engine: engineKindSchema,
  instance: engineInstanceNameSchema,
});

/** `/jobs/:engine/:instance/:jobId[/cancel]`. @public */
export const jobParamsSchema = z.object({
  engine: engineKindSchema,
  instance: engineInstanceNameSchema,
  jobId: jobIdSchema,
});

/** `POST /projects/:name`. @public */
export const projectParamsSchema = z.object({ name: jobNameSchema });

/** The keys `GET /jobs` sorts by, over all matching jobs. @public */
export const JOB_SORT_KEYS = [
  'startTime',
  'name',
  'state',
  'durationMs',
] as const;
/** @public */
export type JobSortKey = (typeof JOB_SORT_KEYS)[number];
/** @public */
export type SortOrder = 'asc' | 'desc';

/**
 * The query of `GET /jobs`, as a client builds it. Results are newest first by default.
 * @public
 */
export interface JobsQuery {
  engine?: EngineKind;
  instance?: string;
  /** Any of these states; all states when empty. */
  states?: JobState[];
  /** Case-insensitive substring of the job name or id. */
  q?: string;
  /** Page size, 1–500 (server default 50). */
  limit?: number;
  offset?: number;
  /** Default: start time. */
  sort?: JobSortKey;
  /** Default: desc for startTime, asc otherwise. */
  order?: SortOrder;
}

const states = z
  .string()
  .transform(value => value.split(',').map(s => s.trim().toUpperCase()))
  .refine(list => list.every(s => (JOB_STATES as string[]).includes(s)), {
    message: `must be a comma-separated list of ${JOB_STATES.join(', ')}`,
  })
  .transform(list => list as JobState[]);

/** `GET /jobs`'s query string, as the backend parses it. @public */
export const jobsQueryParamsSchema = z.strictObject({
  engine: engineKindSchema.optional(),
  instance: engineInstanceNameSchema.optional(),
  state: states.optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(JOB_SORT_KEYS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
/** @public */
export type JobsQueryParams = z.output<typeof jobsQueryParamsSchema>;

/** `GET /jobs`'s query string, from a client's {@link JobsQuery}. @public */
export function jobsQueryString(query: JobsQuery): string {
  const params = new URLSearchParams();
  if (query.engine) params.set('engine', query.engine);
  if (query.instance) params.set('instance', query.instance);
  if (query.states?.length) params.set('state', query.states.join(','));
  const q = query.q?.trim();
  if (q) params.set('q', q);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.offset) params.set('offset', String(query.offset));
  if (query.sort) params.set('sort', query.sort);
  if (query.order) params.set('order', query.order);
  return params.toString();
}

/** The query of `GET /engines`. @public */
export interface EnginesQuery {
  /** Only this engine's instances. */
  engine?: EngineKind;
  /** Also each instance's newest jobs (1–100): a page shows its tables from one request. */
  firstJobs?: number;
}

/** @public */
export const enginesQueryParamsSchema = z.strictObject({
  engine: engineKindSchema.optional(),
  firstJobs: z.coerce.number().int().min(1).max(100).optional(),
});

/**
 * One engine instance as `GET /engines` lists it: the snapshot without its job list, plus job
 * counts per state and, when asked, its first page of jobs.
 * @public
 */
export interface EngineInstanceSummary extends Omit<EngineSnapshot, 'data'> {
  cluster?: ClusterSummary;
  jobCounts?: Record<JobState, number>;
  services?: ServiceSummary[];
  /** The newest jobs, when {@link EnginesQuery.firstJobs} asked for them. */
  firstJobs?: JobsPage;
}

/** @public */
export const engineInstanceSummarySchema: z.ZodType<EngineInstanceSummary> =
  z.strictObject({
    ...snapshotMetaShape,
    cluster: clusterSummarySchema.optional(),
    jobCounts: z
      .record(jobStateSchema, z.number().int().nonnegative())
      .optional(),
    services: z.array(serviceSummarySchema).optional(),
    firstJobs: jobsPageSchema.optional(),
  });

/** `GET /engines`. @public */
export interface EnginesResponse {
  items: EngineInstanceSummary[];
}
/** @public */
export const enginesResponseSchema: z.ZodType<EnginesResponse> = z.strictObject(
  { items: z.array(engineInstanceSummarySchema) },
);

/** `POST /jobs/:engine/:instance` (201; 200 for a dry run). @public */
export const submitJobResultSchema: z.ZodType<SubmitJobResult> = z.strictObject(
  {
    engine: engineKindSchema,
    instance: z.string(),
    name: z.string(),
    jobId: z.string().optional(),
    dryRun: z.boolean(),
    codeLocation: z.string().optional(),
    plan: z.array(z.string()),
    links: z.array(z.strictObject({ title: z.string(), url: z.string() })),
    rerunOf: z.string().optional(),
    restoredFrom: z.string().optional(),
  },
);

/** `POST /jobs/:engine/:instance/:jobId/cancel` (202). @public */
export interface CancelJobResponse {
  engine: EngineKind;
  instance: string;
  jobId: string;
  cancelled: true;
}
/** @public */
export const cancelJobResponseSchema: z.ZodType<CancelJobResponse> =
  z.strictObject({
    engine: engineKindSchema,
    instance: z.string(),
    jobId: z.string(),
    cancelled: z.literal(true),
  });

/** `POST /projects/:name` (201): where a generated project is kept. @public */
export interface PublishedProject {
  /** `s3://` prefix of the project's files. */
  location: string;
  /** HTTP(S) URL of catalog-info.yaml that the catalog's S3 URL reader reads. */
  catalogInfoUrl: string;
  /** Time-limited link to the project's zip. */
  downloadUrl: string;
}
/** @public */
export const publishedProjectSchema: z.ZodType<PublishedProject> =
  z.strictObject({
    location: z.string().startsWith('s3://'),
    catalogInfoUrl: z.url(),
    downloadUrl: z.url(),
  });

/** `POST /projects/:name`'s body. @public */
export interface PublishProjectRequest {
  project: { zipBase64: string };
}

/**
 * Every `/api/lakehouse` route with the schema of its successful answer: the contract the backend
 * serves and the clients read (paths relative to the plugin's base URL).
 * @public
 */
export const LAKEHOUSE_ROUTES: ReadonlyArray<{
  method: 'GET' | 'POST';
  path: RegExp;
  response: z.ZodType;
}> = [
  { method: 'GET', path: /^\/engines$/, response: enginesResponseSchema },
  {
    method: 'GET',
    path: /^\/engines\/[^/]+\/[^/]+$/,
    response: engineSnapshotSchema,
  },
  { method: 'GET', path: /^\/jobs$/, response: jobsPageSchema },
  {
    method: 'GET',
    path: /^\/jobs\/[^/]+\/[^/]+\/[^/]+$/,
    response: jobDetailResponseSchema,
  },
  {
    method: 'POST',
    path: /^\/jobs\/[^/]+\/[^/]+$/,
    response: submitJobResultSchema,
  },
  {
    method: 'POST',
    path: /^\/jobs\/[^/]+\/[^/]+\/[^/]+\/cancel$/,
    response: cancelJobResponseSchema,
  },
  {
    method: 'POST',
    path: /^\/jobs\/[^/]+\/[^/]+\/[^/]+\/(savepoints|stop)$/,
    response: savepointResponseSchema,
  },
  {
    method: 'GET',
    path: /^\/jobs\/[^/]+\/[^/]+\/[^/]+\/restore-points$/,
    response: restorePointsResponseSchema,
  },
  {
    method: 'POST',
    path: /^\/jobs\/[^/]+\/[^/]+\/[^/]+\/rerun$/,
    response: submitJobResultSchema,
  },
  {
    method: 'POST',
    path: /^\/jobs\/[^/]+\/[^/]+\/[^/]+\/state$/,
    response: jobStateResponseSchema,
  },
  {
    method: 'POST',
    path: /^\/projects\/[^/]+$/,
    response: publishedProjectSchema,
  },
  {
    method: 'GET',
    path: /^\/tables\/[^/]+$/,
    response: tableDetailResponseSchema,
  },
  {
    method: 'GET',
    path: /^\/tables\/[^/]+\/commits$/,
    response: tableCommitsResponseSchema,
  },
  {
    method: 'GET',
    path: /^\/tables\/[^/]+\/diff$/,
    response: tableDiffResponseSchema,
  },
  {
    method: 'GET',
    path: /^\/tables\/[^/]+\/rows$/,
    response: tableRowsResponseSchema,
  },
  {
    method: 'GET',
    path: /^\/nessie\/refs$/,
    response: nessieRefsResponseSchema,
  },
  {
    method: 'GET',
    path: /^\/platform\/health$/,
    response: platformHealthResponseSchema,
  },
  { method: 'GET', path: /^\/lineage$/, response: lineageResponseSchema },
  {
    method: 'POST',
    path: /^\/lineage\/api\/v1\/lineage$/,
    response: lineageEventAcceptedSchema,
  },
];
