import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import {
  EngineKind,
  JOB_STATES,
  JobState,
  JobSummary,
} from '@internal/plugin-lakehouse-common';
import { useId, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import type { JobsPage, JobsQuery } from '../../api/LakehouseApi';
import { useJobs } from '../../hooks/useJobs';
import type { PollingOptions } from '../../hooks/usePolling';
import { engineTitle, instanceTitle } from '../engines';
import { formatDuration, formatTime } from '../format';
import { JOB_STATE_STYLES, JobStateChip } from '../JobStateChip';
import { LoadingLabel } from '../LoadingLabel';
import { describeError } from '../describeError';

/** @public */
export interface JobsTableProps {
  engine?: EngineKind;
  instance?: string;
  /** Called when a job's name is clicked, e.g. to open its detail. */
  onSelectJob?: (job: JobSummary) => void;
  pageSizeOptions?: number[];
  /** Polling options of the underlying {@link useJobs}. */
  polling?: PollingOptions;
  /**
   * The first page, newest first, if already at hand (`firstJobs` of
   * `GET /engines`): shown without a request of its own.
   */
  initialPage?: JobsPage;
}

type SortKey = NonNullable<JobsQuery['sort']>;

/**
 * Jobs of one engine instance (or all), searched, filtered and paged by the
 * backend and refreshed every 10 s.
 * @public
 */
export function JobsTable(props: JobsTableProps) {
  const {
    engine,
    instance,
    onSelectJob,
    pageSizeOptions = [10, 25, 50, 100],
    polling,
    initialPage,
  } = props;
  const id = useId();
  const [searchInput, setSearchInput] = useState('');
  const [q, setQ] = useState('');
  const [state, setState] = useState<JobState | ''>('');
  const [pageSize, setPageSize] = useState(pageSizeOptions[0]);
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<
    { key: SortKey; desc: boolean } | undefined
  >();

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

  const { value, error, loading } = useJobs(
    {
      engine,
      instance,
      states: state ? [state] : undefined,
      q: q || undefined,
      limit: pageSize,
      offset,
      sort: sort?.key,
      order: sort && (sort.desc ? 'desc' : 'asc'),
    },
    {
      keepPrevious: true,
      ...polling,
      // Only a page of the size shown first can stand for the first request.
      initial:
        initialPage?.limit === pageSizeOptions[0] ? initialPage : undefined,
    },
  );
  const what = `${engine ? engineTitle(engine) : 'lakehouse'} jobs`;

  const rows = value?.items ?? [];

  const direction = sort?.desc ? 'desc' : 'asc';
  const header = (key: SortKey, label: string) => (
    <TableCell sortDirection={sort?.key === key ? direction : false}>
      <TableSortLabel
        active={sort?.key === key}
        direction={sort?.key === key && sort.desc ? 'desc' : 'asc'}
        onClick={() => {
          // Sorted by the backend over every matching job, so back to the first page.
          setSort(s => ({ key, desc: s?.key === key ? !s.desc : false }));
          setOffset(0);
        }}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );

  return (
    <Box>
      <Box display="flex" gridGap={16} alignItems="flex-end" mb={1}>
        <TextField
          id={`${id}-search`}
          label="Search name or id"
          value={searchInput}
          onChange={e => setSearchInput(e.target.value)}
          size="small"
        />
        <TextField
          select
          id={`${id}-state`}
          label="State"
          value={state}
          onChange={e => {
            setState(e.target.value as JobState | '');
            setOffset(0);
          }}
          size="small"
          style={{ minWidth: 140 }}
        >
          <MenuItem value="">All states</MenuItem>
          {JOB_STATES.map(s => (
            <MenuItem key={s} value={s}>
              {JOB_STATE_STYLES[s].label}
            </MenuItem>
          ))}
        </TextField>
        {!sort && value && (
          <Typography variant="caption" color="textSecondary">
            Newest first
          </Typography>
        )}
      </Box>
      {error && (
        <WarningPanel
          severity="error"
          title={`Cannot load ${what} from the lakehouse backend`}
          defaultExpanded
        >
          <Typography variant="body2">
            {describeError(error)}
            {value ? ' The table shows the last jobs received.' : ''}
          </Typography>
        </WarningPanel>
      )}
      {loading && (
        <LoadingLabel
          label={`Loading ${
            engine && instance
              ? `${instanceTitle(engine, instance)} jobs`
              : what
          }…`}
        />
      )}
      {value && (
        <>
          <Table size="small" aria-label={what}>
            <TableHead>
              <TableRow>
                {header('name', 'Name / id')}
                {header('state', 'State')}
                {header('startTime', 'Started')}
                {header('durationMs', 'Duration')}
                <TableCell>Links</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.length === 0 && (
                <TableRow>
                  <TableCell colSpan={5}>
                    <Typography variant="body2" color="textSecondary">
                      {q || state ? 'No jobs match the search.' : 'No jobs.'}
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
              {rows.map(job => (
                <TableRow key={`${job.instance}/${job.id}`} hover>
                  <TableCell>
                    {onSelectJob ? (
                      <Link
                        component="button"
                        variant="body2"
                        onClick={() => onSelectJob(job)}
                      >
                        {job.name}
                      </Link>
                    ) : (
                      <Typography variant="body2">{job.name}</Typography>
                    )}
                    {job.name !== job.id && (
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        component="div"
                        style={{ fontFamily: 'monospace' }}
                      >
                        {job.id}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    <JobStateChip
                      state={job.state}
                      rawState={job.rawState}
                      engine={job.engine}
                    />
                  </TableCell>
                  <TableCell>{formatTime(job.startTime)}</TableCell>
                  <TableCell>
                    {job.durationMs !== undefined
                      ? formatDuration(job.durationMs)
                      : '—'}
                  </TableCell>
                  <TableCell>
                    {job.links.map(l => (
                      <Box key={l.url} component="span" mr={1}>
                        <Link
                          href={l.url}
                          target="_blank"
                          rel="noopener noreferrer"
                        >
                          {l.title}
                        </Link>
                      </Box>
                    ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <TablePagination
            component="div"
            count={value.total}
            page={Math.floor(offset / pageSize)}
            rowsPerPage={pageSize}
            rowsPerPageOptions={pageSizeOptions}
            onPageChange={(_e, page) => setOffset(page * pageSize)}
            onRowsPerPageChange={e => {
              setPageSize(Number(e.target.value));
              setOffset(0);
            }}
          />
        </>
      )}
    </Box>
  );
}
