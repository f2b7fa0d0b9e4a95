import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  flinkJobHealth,
  type FlinkJobDetail,
} from '@internal/plugin-lakehouse-common';
import { formatAge, formatTime } from '../../format';
import { DetailList } from '../DetailList';
import { formatCount } from './formatCount';

/** Records in and out of the whole job, its event-time watermark and worst backpressure. */
export function FlinkFlow(props: { detail: FlinkJobDetail }) {
  const health = flinkJobHealth(props.detail);
  if (!health.records && !health.watermark) return null;
  return (
    <Box mb={2}>
      <Typography variant="h6">Flow</Typography>
      <DetailList
        label="Flink job flow"
        rows={[
          [
            'Records in (sources)',
            health.records && formatCount(health.records.in),
          ],
          [
            'Records out (sinks)',
            health.records && formatCount(health.records.out),
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
  );
}
