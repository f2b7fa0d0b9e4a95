import { z } from 'zod';

// Lineage recorded from real runs: which job read and wrote which dataset. OpenLineage events (Spark's listener,
// the Python client) arrive at `POST /lineage/api/v1/lineage`; running Flink jobs add their plan's sources and
// sinks. `GET /lineage` serves every edge; the catalog module turns them into `dependsOn` relations.

/** A dataset as OpenLineage names it: `s3a://warehouse` + `data/users.csv`, `kafka://host:9092` + `clickstream`. @public */
export interface LineageDataset {
  namespace: string;
  name: string;
  /** `namespace.table` when the dataset is an Iceberg table of the lakehouse catalog (from a symlink facet or the Flink plan). */
  icebergTable?: string;
}

/** A job as the edges name it: the portal's job name when the run carried it (OpenLineage parent facet), else the engine's. @public */
export interface LineageJob {
  namespace: string;
  name: string;
}

/** One observed read or write. @public */
export interface LineageEdge {
  job: LineageJob;
  dataset: LineageDataset;
  direction: 'input' | 'output';
  /** Where it was observed. */
  source: 'openlineage' | 'flink-plan';
  /** ISO time of the newest event that showed it. */
  lastSeen: string;
  lastRunId?: string;
}

const text = (max: number) => z.string().min(1).max(max);

/** @public */
export const lineageDatasetSchema: z.ZodType<LineageDataset> = z.strictObject({
  namespace: text(1024),
  name: text(1024),
  icebergTable: text(512).optional(),
});

/** @public */
export const lineageEdgeSchema: z.ZodType<LineageEdge> = z.strictObject({
  job: z.strictObject({ namespace: text(1024), name: text(1024) }),
  dataset: lineageDatasetSchema,
  direction: z.enum(['input', 'output']),
  source: z.enum(['openlineage', 'flink-plan']),
  lastSeen: z.string().datetime({ offset: true }),
  lastRunId: text(256).optional(),
});

/** `GET /lineage?job=&table=`: edges, newest first. @public */
export const lineageQuerySchema = z.strictObject({
  /** Only edges of this job name. */
  job: text(1024).optional(),
  /** Only edges touching this Iceberg table (`namespace.table`). */
  table: text(512).optional(),
});

/** @public */
export type LineageQuery = z.infer<typeof lineageQuerySchema>;

/** @public */
export interface LineageResponse {
  edges: LineageEdge[];
}

/** @public */
export const lineageResponseSchema: z.ZodType<LineageResponse> = z.strictObject(
  { edges: z.array(lineageEdgeSchema).max(10_000) },
);

/** The answer to an accepted OpenLineage event. @public */
export interface LineageEventAccepted {
  /** Edges the event added or refreshed. */
  edges: number;
}

/** @public */
export const lineageEventAcceptedSchema: z.ZodType<LineageEventAccepted> =
  z.strictObject({ edges: z.number().int().nonnegative() });
