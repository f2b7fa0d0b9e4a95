import type {
  EngineSnapshot,
  JobsPage,
} from '@internal/plugin-lakehouse-common';
import type { JobsQuery } from '../validation';

/**
 * Filters, searches and pages the jobs of the given snapshots. Newest first
 * (by start time, unknown last), then by id so pages are stable.
 */
export function queryJobs(
  snapshots: EngineSnapshot[],
  query: JobsQuery,
): JobsPage {
  const selected = snapshots.filter(
    s =>
      (!query.engine || s.engine === query.engine) &&
      (!query.instance || s.instance === query.instance),
  );
  const needle = query.q?.trim().toLowerCase();
  const matches = selected
    .flatMap(s => s.data?.jobs ?? [])
    .filter(job => !query.state || query.state.includes(job.state))
    .filter(
      job =>
        !needle ||
        job.name.toLowerCase().includes(needle) ||
        job.id.toLowerCase().includes(needle),
    )
    .sort(
      (a, b) =>
        (b.startTime ?? '').localeCompare(a.startTime ?? '') ||
        a.id.localeCompare(b.id),
    );
  return {
    items: matches.slice(query.offset, query.offset + query.limit),
    total: matches.length,
    limit: query.limit,
    offset: query.offset,
    errors: selected
      .filter(s => s.error)
      .map(s => ({
        engine: s.engine,
        instance: s.instance,
        error: s.error,
        ageMs: s.ageMs,
      })),
  };
}
