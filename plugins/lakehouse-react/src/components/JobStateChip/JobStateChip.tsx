import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import type { JobState } from '@internal/plugin-lakehouse-common';
import { engineTitle } from '../engines';

/** Label and colour of each normalised state; the engine's own word goes in the tooltip. */
export const JOB_STATE_STYLES: Record<
  JobState,
  { label: string; color: string }
> = {
  PENDING: { label: 'Pending', color: '#b26a00' },
  RUNNING: { label: 'Running', color: '#1565c0' },
  SUCCEEDED: { label: 'Succeeded', color: '#2e7d32' },
  FAILED: { label: 'Failed', color: '#c62828' },
  CANCELLED: { label: 'Cancelled', color: '#616161' },
  UNKNOWN: { label: 'Unknown', color: '#757575' },
};

/** @public */
export interface JobStateChipProps {
  state: JobState;
  /** The engine's own state word, e.g. Flink `RESTARTING`. */
  rawState?: string;
  engine?: string;
}

/**
 * A job's normalised state as a coloured chip; the engine's raw state is in
 * its tooltip.
 * @public
 */
export function JobStateChip(props: JobStateChipProps) {
  const { state, rawState, engine } = props;
  const style = JOB_STATE_STYLES[state] ?? JOB_STATE_STYLES.UNKNOWN;
  const tooltip = `${
    engine ? `${engineTitle(engine)} state` : 'Engine state'
  }: ${rawState || 'not reported'}`;
  return (
    <Tooltip title={tooltip}>
      <Chip
        size="small"
        label={style.label}
        data-state={state}
        variant={state === 'UNKNOWN' ? 'outlined' : 'default'}
        style={
          state === 'UNKNOWN'
            ? { borderColor: style.color, color: style.color }
            : { backgroundColor: style.color, color: '#fff' }
        }
      />
    </Tooltip>
  );
}
