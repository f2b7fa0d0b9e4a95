import Box from '@material-ui/core/Box';
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
  JobsPage,
} from '@internal/plugin-lakehouse-common';
import { useId } from 'react';
import { useJobs } from '../../hooks/useJobs';
import type { PollingOptions } from '../../hooks/usePolling';
import { engineTitle, instanceTitle } from '../engines';
import { JOB_STATE_STYLES } from '../JobStateChip';
import { LoadingLabel } from '../LoadingLabel';
import { describeError } from '../describeError';
import { JOB_COLUMNS } from './jobColumns';
import { useJobsTableQuery } from './useJobsTableQuery';

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
  const table = useJobsTableQuery({
    engine,
    instance,
    pageSize: pageSizeOptions[0],
  });
  const { sort } = table;
  const { value, error, loading } = useJobs(table.query, {
    keepPrevious: true,
    ...polling,
    // Only a page of the size shown first can stand for the first request.
    initial:
      initialPage?.limit === pageSizeOptions[0] ? initialPage : undefined,
  });
  const what = `${engine ? engineTitle(engine) : 'lakehouse'} jobs`;
  const rows = value?.items ?? [];
  const direction = sort?.desc ? 'desc' : 'asc';

  return (
    <Box>
      <Box display="flex" gridGap={16} alignItems="flex-end" mb={1}>
        <TextField
          id={`${id}-search`}
          label="Search name or id"
          value={table.searchInput}
          onChange={e => table.setSearchInput(e.target.value)}
          size="small"
        />
        <TextField
          select
          id={`${id}-state`}
          label="State"
          value={table.state}
          onChange={e => table.setState(e.target.value as JobState | '')}
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
                {JOB_COLUMNS.map(c =>
                  c.sortKey ? (
                    <TableCell
                      key={c.title}
                      sortDirection={
                        sort?.key === c.sortKey ? direction : false
                      }
                    >
                      <TableSortLabel
                        active={sort?.key === c.sortKey}
                        direction={sort?.key === c.sortKey ? direction : 'asc'}
                        onClick={() => table.sortBy(c.sortKey!)}
                      >
                        {c.title}
                      </TableSortLabel>
                    </TableCell>
                  ) : (
                    <TableCell key={c.title}>{c.title}</TableCell>
                  ),
                )}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.length === 0 && (
                <TableRow>
                  <TableCell colSpan={JOB_COLUMNS.length}>
                    <Typography variant="body2" color="textSecondary">
                      {table.filtered
                        ? 'No jobs match the search.'
                        : 'No jobs.'}
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
              {rows.map(job => (
                <TableRow key={`${job.instance}/${job.id}`} hover>
                  {JOB_COLUMNS.map(c => (
                    <TableCell key={c.title}>
                      {c.cell(job, onSelectJob)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <TablePagination
            component="div"
            count={value.total}
            page={Math.floor(table.offset / table.pageSize)}
            rowsPerPage={table.pageSize}
            rowsPerPageOptions={pageSizeOptions}
            onPageChange={(_e, page) => table.setPage(page)}
            onRowsPerPageChange={e => table.setPageSize(Number(e.target.value))}
          />
        </>
      )}
    </Box>
  );
}
