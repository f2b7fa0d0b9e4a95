import type {
  LineageDataset,
  LineageEdge,
  LineageJob,
} from '@internal/plugin-lakehouse-common';
import { z } from 'zod';
import { edgeKey } from './LineageStore';
import { parseInput } from '../validation';

// An OpenLineage RunEvent (https://openlineage.io/spec), as far as lineage needs it. Facets are open-ended
// and large (schemas, column lineage, Spark plans): they pass through unchecked, except the two read here.
// Counts and the strings kept are bounded so one event cannot fill the table.

/** More datasets than any real job touches in one event: bounds the rows one event writes. */
export const MAX_EVENT_DATASETS = 500;

const text = (max: number) => z.string().min(1).max(max);
const name = { namespace: text(1024), name: text(1024) };

const symlinksFacet = z.looseObject({
  identifiers: z
    .array(
      z.looseObject({
        namespace: z.string().max(1024).optional(),
        name: text(1024),
        type: z.string().max(64),
      }),
    )
    .max(100),
});

const dataset = z.looseObject({
  ...name,
  facets: z.looseObject({ symlinks: symlinksFacet.optional() }).optional(),
});

const datasets = z.array(dataset).max(MAX_EVENT_DATASETS).default([]);

export const openLineageRunEventSchema = z.looseObject({
  /** Optional in the spec: an event without it says no state, and is not recorded. */
  eventType: z
    .enum(['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'])
    .optional(),
  // Python's client may send a time without an offset: any time Date.parse reads.
  eventTime: z
    .string()
    .max(64)
    .refine(t => !Number.isNaN(Date.parse(t)), 'must be an ISO date-time'),
  run: z.looseObject({
    runId: text(256),
    facets: z
      .looseObject({
        parent: z
          .looseObject({
            job: z.looseObject(name),
            root: z.looseObject({ job: z.looseObject(name) }).optional(),
          })
          .optional(),
      })
      .optional(),
  }),
  job: z.looseObject(name),
  inputs: datasets,
  outputs: datasets,
});

export type OpenLineageRunEvent = z.output<typeof openLineageRunEventSchema>;

/**
 * START, RUNNING and COMPLETE add edges; FAIL and ABORT do not. A failed or aborted run's outputs may
 * never have been committed (an Iceberg commit that did not happen) and its inputs may be the missing
 * table it failed on: recording them would refresh `lastSeen` of writes that did not happen. What the
 * run was doing is already recorded from its START and RUNNING events.
 */
const RECORDED = new Set(['START', 'RUNNING', 'COMPLETE']);

/** The event's edges (none for an unrecorded event type); throws an InputError naming what is wrong. */
export function parseOpenLineageEvent(
  body: unknown,
  icebergCatalogNames: readonly string[],
): { event: OpenLineageRunEvent; job: LineageJob; edges: LineageEdge[] } {
  const event = parseInput(
    openLineageRunEventSchema,
    body,
    'OpenLineage event field',
  );
  // The portal passes its own job name as the parent: edges then belong to the portal's job, not to
  // whatever name the engine gave each query. Spark's listener (1.53, seen on Spark 4.1) makes each
  // query's parent the application and keeps the portal's job as the parent's `root`.
  const parentFacet = event.run.facets?.parent;
  const parent = parentFacet?.root?.job ?? parentFacet?.job;
  const job = {
    namespace: (parent ?? event.job).namespace,
    name: (parent ?? event.job).name,
  };
  if (!event.eventType || !RECORDED.has(event.eventType)) {
    return { event, job, edges: [] };
  }
  // Never in the future: a skewed producer clock must not keep an edge on top of the list forever.
  const lastSeen = new Date(
    Math.min(Date.parse(event.eventTime), Date.now()),
  ).toISOString();
  const edge = (
    d: z.output<typeof dataset>,
    direction: LineageEdge['direction'],
  ): LineageEdge => ({
    job,
    dataset: toDataset(d, icebergCatalogNames),
    direction,
    source: 'openlineage',
    lastSeen,
    lastRunId: event.run.runId,
  });
  const edges = [
    ...event.inputs.map(d => edge(d, 'input')),
    ...event.outputs.map(d => edge(d, 'output')),
  ];
  return { event, job, edges: dedupe(edges) };
}

function toDataset(
  d: z.output<typeof dataset>,
  icebergCatalogNames: readonly string[],
): LineageDataset {
  const table = d.facets?.symlinks?.identifiers
    .filter(i => i.type.toUpperCase() === 'TABLE')
    .map(i => icebergTableOf(i.name, icebergCatalogNames))
    .find(t => t !== undefined);
  return {
    namespace: d.namespace,
    name: d.name,
    ...(table && { icebergTable: table }),
  };
}

/**
 * `demo.users` from a symlink's table name `demo.users` or `nessie.demo.users`. A leading segment is a
 * catalog only if it is one of the configured names and a namespace and table remain; a bare table
 * name (no namespace) is not one of the lakehouse's tables.
 */
export function icebergTableOf(
  tableName: string,
  icebergCatalogNames: readonly string[],
): string | undefined {
  const parts = tableName.split('.');
  if (parts.some(p => !p)) return undefined;
  const rest =
    parts.length >= 3 && icebergCatalogNames.includes(parts[0])
      ? parts.slice(1)
      : parts;
  if (rest.length < 2) return undefined;
  const table = rest.join('.');
  return table.length <= 512 ? table : undefined;
}

/** One edge per job, dataset and direction: a dataset listed twice is one row. */
export function dedupe(edges: LineageEdge[]): LineageEdge[] {
  const byKey = new Map<string, LineageEdge>();
  for (const e of edges) byKey.set(edgeKey(e), e);
  return [...byKey.values()];
}
