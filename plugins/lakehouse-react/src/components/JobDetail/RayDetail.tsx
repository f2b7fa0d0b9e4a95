import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { RayJobDetail } from '@internal/plugin-lakehouse-common';
import { DetailList } from './DetailList';
import { LogBox } from './LogBox';

/** Logs are shown up to this size, keeping the end, where failures are explained. */
export const MAX_LOG_CHARS = 64 * 1024;

/** Ray: entrypoint, driver outcome and the tail of the job's logs. */
export function RayDetail(props: { detail: RayJobDetail }) {
  const { detail } = props;
  const { logs, logsError } = detail;
  const cut = logs !== null && logs.length > MAX_LOG_CHARS;
  const truncated = cut || detail.logsTruncated;
  return (
    <>
      <DetailList
        label="Ray job"
        rows={[
          ['Entrypoint', detail.entrypoint && <code>{detail.entrypoint}</code>],
          ['Message', detail.message],
          ['Error type', detail.errorType],
          ['Driver exit code', detail.driverExitCode],
        ]}
      />
      <Box mt={2}>
        <Typography variant="h6">Logs</Typography>
        {logsError && (
          <Typography variant="body2" color="error">
            Logs are not available: {logsError}
          </Typography>
        )}
        {logs === null && !logsError && (
          <Typography variant="body2" color="textSecondary">
            No logs.
          </Typography>
        )}
        {logs !== null && (
          <>
            {truncated && (
              <Typography variant="caption" color="textSecondary">
                Showing the last {Math.round(MAX_LOG_CHARS / 1024)} KiB of the
                log.
              </Typography>
            )}
            <LogBox
              label="Ray job logs"
              text={cut ? logs.slice(-MAX_LOG_CHARS) : logs}
            />
          </>
        )}
      </Box>
    </>
  );
}
