import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { HistoryJobDetail } from '@internal/plugin-lakehouse-common';
import { engineTitle } from '../engines';
import { formatTime } from '../format';
import { DetailList } from './DetailList';
import { LogBox } from './LogBox';

/** A job its engine has forgotten, as the portal kept it: how it was submitted and how it ended. */
export function HistoryDetail(props: { detail: HistoryJobDetail }) {
  const { detail } = props;
  return (
    <>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {engineTitle(detail.engine)} no longer lists this job (restarted, or
        past its retention): shown as the portal last saw it, on{' '}
        {formatTime(detail.lastSeenAt)}.
      </Typography>
      <DetailList
        label="Kept job"
        rows={[
          ['Submitted by', detail.submittedBy],
          [
            'Entrypoint',
            detail.entrypoint && (
              <code>{[detail.entrypoint, ...detail.args].join(' ')}</code>
            ),
          ],
        ]}
      />
      <Box mt={2}>
        <Typography variant="h6">Last logs or error</Typography>
        {detail.logTail === null ? (
          <Typography variant="body2" color="textSecondary">
            Nothing was kept: the engine gave no logs or error when the job
            ended.
          </Typography>
        ) : (
          <LogBox label="Kept log tail" text={detail.logTail} />
        )}
      </Box>
    </>
  );
}
