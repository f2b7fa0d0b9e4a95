import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { DetailList, field } from './DetailList';

/** Logs are shown up to this size, keeping the end, where failures are explained. */
export const MAX_LOG_CHARS = 64 * 1024;

/** Ray: entrypoint, driver outcome and the tail of the job's logs. */
export function RayDetail(props: { detail: Record<string, unknown> }) {
  const { detail } = props;
  const logs = field(detail, 'logs', 'string');
  const logsError = field(detail, 'logsError', 'string');
  const cut = logs !== undefined && logs.length > MAX_LOG_CHARS;
  const truncated = cut || field(detail, 'logsTruncated', 'boolean') === true;
  return (
    <>
      <DetailList
        label="Ray job"
        rows={[
          [
            'Entrypoint',
            field(detail, 'entrypoint', 'string') && (
              <code>{field(detail, 'entrypoint', 'string')}</code>
            ),
          ],
          ['Message', field(detail, 'message', 'string')],
          ['Error type', field(detail, 'errorType', 'string')],
          ['Driver exit code', field(detail, 'driverExitCode', 'number')],
        ]}
      />
      <Box mt={2}>
        <Typography variant="h6">Logs</Typography>
        {logsError && (
          <Typography variant="body2" color="error">
            Logs are not available: {logsError}
          </Typography>
        )}
        {logs === undefined && !logsError && (
          <Typography variant="body2" color="textSecondary">
            No logs.
          </Typography>
        )}
        {logs !== undefined && (
          <>
            {truncated && (
              <Typography variant="caption" color="textSecondary">
                Showing the last {Math.round(MAX_LOG_CHARS / 1024)} KiB of the
                log.
              </Typography>
            )}
            <Box
              component="pre"
              aria-label="Ray job logs"
              style={{
                maxHeight: 400,
                overflow: 'auto',
                fontFamily: 'monospace',
                fontSize: 12,
                whiteSpace: 'pre-wrap',
                background: 'rgba(127,127,127,0.1)',
                padding: 8,
                margin: 0,
              }}
            >
              {cut ? logs.slice(-MAX_LOG_CHARS) : logs}
            </Box>
          </>
        )}
      </Box>
    </>
  );
}
