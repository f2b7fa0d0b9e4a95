import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import type {
  EngineError,
  EngineKind,
} from '@internal/plugin-lakehouse-common';
import { formatAge, formatTime } from '../format';
import { adviseOnEngineError } from './whatToCheck';

/** @public */
export interface EngineErrorPanelProps {
  engine: EngineKind;
  instance: string;
  error: EngineError;
  /** When the failing poll happened. */
  failedAt?: string;
  /** Age of the last good data, if there is any. */
  lastGoodAgeMs?: number;
  /** Whether last good data is shown beside the panel. */
  hasData: boolean;
}

/**
 * One engine instance's poll error: what failed, the backend's message, and
 * what to check.
 * @public
 */
export function EngineErrorPanel(props: EngineErrorPanelProps) {
  const { engine, instance, error, failedAt, lastGoodAgeMs, hasData } = props;
  const advice = adviseOnEngineError(engine, instance, error);
  return (
    <WarningPanel severity="error" title={advice.headline} defaultExpanded>
      <div>
        <Typography variant="body2" gutterBottom>
          <strong>What to check:</strong> {advice.whatToCheck}
        </Typography>
        <Typography variant="body2" gutterBottom>
          <strong>
            Error ({error.kind}
            {error.status ? ` ${error.status}` : ''}):
          </strong>{' '}
          <code>{error.message}</code>
        </Typography>
        <Typography variant="caption" color="textSecondary" component="p">
          {failedAt ? `Failed at ${formatTime(failedAt)}. ` : ''}
          {hasData
            ? `Showing the last good data${
                lastGoodAgeMs !== undefined
                  ? `, from ${formatAge(lastGoodAgeMs)} ago`
                  : ''
              }.`
            : 'No data has been received from this instance yet.'}
        </Typography>
      </div>
    </WarningPanel>
  );
}
