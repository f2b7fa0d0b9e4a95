import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { FlinkCheckpointStats } from '@internal/plugin-lakehouse-common';
import { formatTime } from '../../format';
import { DetailList } from '../DetailList';

/** Checkpoint counts and the latest completed one; null: the job keeps none. */
export function FlinkCheckpoints(props: {
  checkpoints: FlinkCheckpointStats | null;
  /** The engine did not answer for them (the reason is shown above). */
  unavailable: boolean;
}) {
  const { checkpoints, unavailable } = props;
  let body;
  if (checkpoints) {
    body = (
      <DetailList
        label="Flink checkpoints"
        rows={[
          ['Completed', checkpoints.completed],
          ['Failed', checkpoints.failed],
          ['In progress', checkpoints.inProgress],
          ['Total', checkpoints.total],
          ['Latest completed', checkpoints.latestCompletedId],
          [
            'Latest completed at',
            checkpoints.latestCompletedAt &&
              formatTime(checkpoints.latestCompletedAt),
          ],
        ]}
      />
    );
  } else {
    body = (
      <Typography variant="body2" color="textSecondary">
        {unavailable
          ? 'Checkpoint statistics could not be read.'
          : 'No checkpoint statistics (batch jobs and jobs without checkpointing have none).'}
      </Typography>
    );
  }
  return (
    <Box mt={2}>
      <Typography variant="h6">Checkpoints</Typography>
      {body}
    </Box>
  );
}
