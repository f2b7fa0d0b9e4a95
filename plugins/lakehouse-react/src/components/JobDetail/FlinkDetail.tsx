import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { formatAge, formatDuration, formatTime } from '../format';
import { DetailList, arrayField, field, objectField } from './DetailList';
import { flinkJobHealth } from './flinkHealth';

/** Stack traces are shown up to this size (the backend caps them too). */
const MAX_TRACE_CHARS = 8_000;

const count = (n: number | undefined) =>
  n === undefined ? '—' : n.toLocaleString();

const backpressureText = (v: unknown) => {
  const level = field(v, 'backpressure', 'string');
  const ratio = field(v, 'backpressureRatio', 'number');
  if (!level) return '—';
  return ratio === undefined ? level : `${level} (${Math.round(ratio * 100)}%)`;
};

/** Flink: the flow through the job, its vertices, checkpoint counts and recent exceptions. */
export function FlinkDetail(props: { detail: Record<string, unknown> }) {
  const health = flinkJobHealth(props.detail);
  const vertices = arrayField(props.detail, 'vertices');
  // Flink samples backpressure and watermarks of running jobs only.
  const sampled = vertices.some(
    v =>
      field(v, 'backpressure', 'string') !== undefined ||
      (typeof v === 'object' && v !== null && 'watermark' in v),
  );
  const checkpoints = objectField(props.detail, 'checkpoints');
  const exceptions = arrayField(props.detail, 'exceptions');
  const hasRecords = vertices.some(
    v =>
      field(v, 'readRecords', 'number') !== undefined ||
      field(v, 'writeRecords', 'number') !== undefined,
  );
  return (
    <>
      {(health.records || health.watermark) && (
        <Box mb={2}>
          <Typography variant="h6">Flow</Typography>
          <DetailList
            label="Flink job flow"
            rows={[
              [
                'Records in (sources)',
                health.records && count(health.records.in),
              ],
              [
                'Records out (sinks)',
                health.records && count(health.records.out),
              ],
              [
                'Event-time watermark',
                health.watermark &&
                  `${formatTime(health.watermark)} (${formatAge(
                    Date.now() - Date.parse(health.watermark),
                  )} behind now)`,
              ],
              ['Backpressure', health.backpressure],
            ]}
          />
        </Box>
      )}
      <Typography variant="h6">Vertices</Typography>
      <Table size="small" aria-label="Flink vertices">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell align="right">Parallelism</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">Duration</TableCell>
            {hasRecords && <TableCell align="right">Records in</TableCell>}
            {hasRecords && <TableCell align="right">Records out</TableCell>}
            {sampled && <TableCell>Backpressure</TableCell>}
            {sampled && <TableCell>Watermark</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {vertices.map((v, i) => {
            const duration = field(v, 'durationMs', 'number');
            return (
              <TableRow key={field(v, 'id', 'string') ?? i}>
                <TableCell>{field(v, 'name', 'string')}</TableCell>
                <TableCell align="right">
                  {field(v, 'parallelism', 'number')}
                </TableCell>
                <TableCell>{field(v, 'status', 'string')}</TableCell>
                <TableCell align="right">
                  {duration !== undefined && duration >= 0
                    ? formatDuration(duration)
                    : '—'}
                </TableCell>
                {hasRecords && (
                  <TableCell align="right">
                    {count(field(v, 'readRecords', 'number'))}
                  </TableCell>
                )}
                {hasRecords && (
                  <TableCell align="right">
                    {count(field(v, 'writeRecords', 'number'))}
                  </TableCell>
                )}
                {sampled && <TableCell>{backpressureText(v)}</TableCell>}
                {sampled && (
                  <TableCell>
                    {field(v, 'watermark', 'string')
                      ? formatTime(field(v, 'watermark', 'string'))
                      : '—'}
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>

      <Box mt={2}>
        <Typography variant="h6">Checkpoints</Typography>
        {checkpoints ? (
          <DetailList
            label="Flink checkpoints"
            rows={[
              ['Completed', field(checkpoints, 'completed', 'number')],
              ['Failed', field(checkpoints, 'failed', 'number')],
              ['In progress', field(checkpoints, 'in_progress', 'number')],
              ['Total', field(checkpoints, 'total', 'number')],
              [
                'Latest completed',
                field(checkpoints, 'latestCompletedId', 'number'),
              ],
              [
                'Latest completed at',
                field(checkpoints, 'latestCompletedAt', 'string') &&
                  formatTime(field(checkpoints, 'latestCompletedAt', 'string')),
              ],
            ]}
          />
        ) : (
          <Typography variant="body2" color="textSecondary">
            No checkpoint statistics (batch jobs and jobs without checkpointing
            have none).
          </Typography>
        )}
      </Box>

      <Box mt={2}>
        <Typography variant="h6">Exceptions</Typography>
        {exceptions.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No exceptions recorded.
          </Typography>
        ) : (
          exceptions.map((e, i) => (
            <Box key={i} mb={1}>
              <Typography variant="subtitle2">
                {field(e, 'name', 'string') ?? 'Exception'}
                {field(e, 'task', 'string')
                  ? ` in ${field(e, 'task', 'string')}`
                  : ''}
                {field(e, 'time', 'string')
                  ? ` at ${formatTime(field(e, 'time', 'string'))}`
                  : ''}
              </Typography>
              <Box
                component="pre"
                style={{
                  maxHeight: 200,
                  overflow: 'auto',
                  fontSize: 12,
                  margin: 0,
                }}
              >
                {(field(e, 'stacktrace', 'string') ?? '').slice(
                  0,
                  MAX_TRACE_CHARS,
                )}
              </Box>
            </Box>
          ))
        )}
      </Box>
    </>
  );
}
