import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import type { JobSortKey, JobSummary } from '@internal/plugin-lakehouse-common';
import type { ReactNode } from 'react';
import { formatDuration, formatTime } from '../format';
import { JobLinks } from '../JobLinks';
import { JobStateChip } from '../JobStateChip';

/** One column of the jobs table: its header, the backend's sort key if sortable, and its cell. */
export interface JobColumn {
  title: string;
  sortKey?: JobSortKey;
  cell(job: JobSummary, onSelectJob?: (job: JobSummary) => void): ReactNode;
}

/** Beside the state of a job only the portal still knows. */
export function HistoryMark() {
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      component="div"
      title="The engine no longer lists this job: its last state as the portal kept it"
    >
      kept history
    </Typography>
  );
}

/** The jobs table's columns, in order. */
export const JOB_COLUMNS: JobColumn[] = [
  {
    title: 'Name / id',
    sortKey: 'name',
    cell: (job, onSelectJob) => (
      <>
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
      </>
    ),
  },
  {
    title: 'State',
    sortKey: 'state',
    cell: job => (
      <>
        <JobStateChip
          state={job.state}
          rawState={job.rawState}
          engine={job.engine}
        />
        {job.fromHistory && <HistoryMark />}
      </>
    ),
  },
  {
    title: 'Started',
    sortKey: 'startTime',
    cell: job => formatTime(job.startTime),
  },
  {
    title: 'Duration',
    sortKey: 'durationMs',
    cell: job =>
      job.durationMs !== undefined ? formatDuration(job.durationMs) : '—',
  },
  {
    title: 'Links',
    cell: job => <JobLinks links={job.links} />,
  },
];
