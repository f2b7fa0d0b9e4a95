import type {
  EngineSnapshot,
  JobSummary,
  JobsPage,
  JobsQueryParams,
} from '@internal/plugin-lakehouse-common';
import { compareJobs, searchText, sortedJobs, type JobList } from './jobIndex';

/** One instance's kept jobs, the list built once per change (jobIndex caches by its identity). */
export interface KeptJobs {
  engine: string;
  instance: string;
  data: JobList;
}

/** Merges lists sorted by `compare` into one sorted list. */
function merge(
  lists: JobSummary[][],
  compare: (a: JobSummary, b: JobSummary) => number,
): JobSummary[] {
  return lists.reduce((merged, list) => {
    if (merged.length === 0) return list;
    const out: JobSummary[] = [];
    let i = 0;
    let j = 0;
    while (i < merged.length && j < list.length)
      out.push(compare(merged[i], list[j]) <= 0 ? merged[i++] : list[j++]);
    return out.concat(merged.slice(i), list.slice(j));
  }, [] as JobSummary[]);
}

/**
 * Filters, searches, sorts and pages the jobs of the given snapshots. Each
 * snapshot's list is sorted once per poll (jobIndex); a request filters those
 * lists and merges them, without sorting again. Default: newest first.
 */
export function queryJobs(
  snapshots: EngineSnapshot[],
  query: JobsQueryParams,
  /** Jobs the engines no longer list, kept by the portal, per instance. */
  kept: KeptJobs[] = [],
): JobsPage {
  const key = query.sort ?? 'startTime';
  const order = query.order ?? (key === 'startTime' ? 'desc' : 'asc');
  const selected = snapshots.filter(
    s =>
      (!query.engine || s.engine === query.engine) &&
      (!query.instance || s.instance === query.instance),
  );
  const needle = query.q?.trim().toLowerCase();
  const states = query.state && new Set(query.state);
  const keptLists = kept.filter(
    k =>
      (!query.engine || k.engine === query.engine) &&
      (!query.instance || k.instance === query.instance),
  );
  const matches = merge(
    [...selected, ...keptLists].flatMap(s => {
      const data = s.data;
      if (!data) return [];
      const jobs = sortedJobs(data, key, order);
      return states || needle
        ? [
            jobs.filter(
              job =>
                (!states || states.has(job.state)) &&
                (!needle || searchText(data, job).includes(needle)),
            ),
          ]
        : [jobs];
    }),
    compareJobs(key, order),
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
