import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { JobStateChip, useJobs } from '@internal/plugin-lakehouse-react';

/**
 * The detector's health from the Flink status the lakehouse backend polls,
 * and how far the alerts table lags: its last commit.
 */
export function PipelineHealthCard(props: {
  jobName: string;
  lastCommitAt?: string;
}) {
  const { value, error } = useJobs({
    engine: 'flink',
    q: props.jobName,
    limit: 1,
  });
  const job = value?.items[0];
  const lagS = props.lastCommitAt
    ? Math.round((Date.now() - Date.parse(props.lastCommitAt)) / 1000)
    : undefined;
  return (
    <InfoCard title="Pipeline health">
      <Typography variant="body2">
        Flink job <code>{props.jobName}</code>:{' '}
        {job ? (
          <JobStateChip state={job.state} rawState={job.rawState} />
        ) : error ? (
          'Flink status unavailable'
        ) : (
          'not running'
        )}
      </Typography>
      <Typography variant="body2">
        Last commit to the alerts table:{' '}
        {props.lastCommitAt
          ? `${props.lastCommitAt} (${lagS} s ago)`
          : 'none yet'}
      </Typography>
    </InfoCard>
  );
}
