import { InfoCard } from '@backstage/core-components';
import {
  describeError,
  formatDuration,
  formatTime,
  JobLinks,
  JobStateChip,
  LoadingLabel,
  useJobs,
} from '@internal/plugin-lakehouse-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';

/**
 * The trainer's runs: the Ray jobs named `jobName` on the lakehouse's Ray instance `instance`,
 * newest first, from the lakehouse jobs API (refreshed every 10 s).
 */
export function TrainingRunsCard(props: { instance: string; jobName: string }) {
  const { instance, jobName } = props;
  const { value, error, loading } = useJobs({
    engine: 'ray',
    instance,
    q: jobName,
    limit: 20,
  });
  // The search matches names and ids containing the text: keep this job's runs only.
  const runs = (value?.items ?? []).filter(j => j.name === jobName);
  const polled = (value?.errors ?? []).filter(
    e => e.engine === 'ray' && e.instance === instance,
  );
  return (
    <InfoCard
      title="Training runs"
      subheader={`Ray jobs named ${jobName} (instance ${instance})`}
    >
      {loading && (
        <LoadingLabel label={`Loading the ${jobName} jobs from Ray…`} />
      )}
      {error && (
        <Alert severity="error">
          Cannot load the training runs from the lakehouse backend:{' '}
          {describeError(error)}
          {value ? ' The table shows the last runs received.' : ''}
        </Alert>
      )}
      {polled.map(e => (
        <Alert severity="warning" key={`${e.engine}/${e.instance}`}>
          Ray {e.instance} did not answer its last poll
          {e.error ? ` (${e.error.message})` : ''}: these runs are from the last
          good one.
        </Alert>
      ))}
      {value && runs.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No {jobName} runs on Ray {instance}: ./portal start submits one on the
          local platform.
        </Typography>
      )}
      {runs.length > 0 && (
        <Table size="small" aria-label="Training runs">
          <TableHead>
            <TableRow>
              <TableCell>Run</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Started</TableCell>
              <TableCell>Duration</TableCell>
              <TableCell>Links</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {runs.map(job => (
              <TableRow key={job.id}>
                <TableCell style={{ fontFamily: 'monospace' }}>
                  {job.id}
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
                  {job.durationMs === undefined
                    ? '—'
                    : formatDuration(job.durationMs)}
                </TableCell>
                <TableCell>
                  <JobLinks links={job.links} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
