import type {
  EngineKind,
  JobSortKey,
  JobState,
  JobsQuery,
} from '@internal/plugin-lakehouse-common';
import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';

/** What the table asks the backend for: search, state filter, page and sort, each change back to page one. */
export function useJobsTableQuery(options: {
  engine?: EngineKind;
  instance?: string;
  pageSize: number;
}) {
  const [searchInput, setSearchInput] = useState('');
  const [q, setQ] = useState('');
  const [state, setStateFilter] = useState<JobState | ''>('');
  const [pageSize, setPageSizeValue] = useState(options.pageSize);
  const [offset, setOffset] = useState(0);
  const [sort, setSortValue] = useState<
    { key: JobSortKey; desc: boolean } | undefined
  >();

  // The backend searches every job; typing waits for a pause.
  useDebounce(
    () => {
      if (searchInput.trim() !== q) {
        setQ(searchInput.trim());
        setOffset(0);
      }
    },
    300,
    [searchInput],
  );

  const query: JobsQuery = {
    engine: options.engine,
    instance: options.instance,
    states: state ? [state] : undefined,
    q: q || undefined,
    limit: pageSize,
    offset,
    sort: sort?.key,
    order: sort && (sort.desc ? 'desc' : 'asc'),
  };
  return {
    query,
    searchInput,
    setSearchInput,
    state,
    setState(value: JobState | '') {
      setStateFilter(value);
      setOffset(0);
    },
    /** Sorted by the backend over every matching job: a click on a column toggles its order. */
    sort,
    sortBy(key: JobSortKey) {
      setSortValue(s => ({ key, desc: s?.key === key ? !s.desc : false }));
      setOffset(0);
    },
    pageSize,
    setPageSize(size: number) {
      setPageSizeValue(size);
      setOffset(0);
    },
    offset,
    setPage(page: number) {
      setOffset(page * pageSize);
    },
    filtered: Boolean(q || state),
  };
}
