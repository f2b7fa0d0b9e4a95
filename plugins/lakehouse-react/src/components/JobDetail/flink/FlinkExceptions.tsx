import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { FlinkException } from '@internal/plugin-lakehouse-common';
import { formatTime } from '../../format';

/** Stack traces are shown up to this size (the backend caps them too). */
const MAX_TRACE_CHARS = 8_000;

/** The job's recent exceptions, newest first, with their stack traces. */
export function FlinkExceptions(props: {
  exceptions: FlinkException[];
  unavailable: boolean;
}) {
  const { exceptions, unavailable } = props;
  let body;
  if (exceptions.length > 0) {
    body = exceptions.map((e, i) => (
      <Box key={i} mb={1}>
        <Typography variant="subtitle2">
          {e.name ?? 'Exception'}
          {e.task ? ` in ${e.task}` : ''}
          {e.time ? ` at ${formatTime(e.time)}` : ''}
        </Typography>
        <Box
          component="pre"
          style={{ maxHeight: 200, overflow: 'auto', fontSize: 12, margin: 0 }}
        >
          {e.stacktrace.slice(0, MAX_TRACE_CHARS)}
        </Box>
      </Box>
    ));
  } else {
    body = (
      <Typography variant="body2" color="textSecondary">
        {unavailable
          ? 'The exception history could not be read.'
          : 'No exceptions recorded.'}
      </Typography>
    );
  }
  return (
    <Box mt={2}>
      <Typography variant="h6">Exceptions</Typography>
      {body}
    </Box>
  );
}
