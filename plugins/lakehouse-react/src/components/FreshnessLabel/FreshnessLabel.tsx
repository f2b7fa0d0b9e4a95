import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import WarningIcon from '@material-ui/icons/Warning';
import { useMemo, useState } from 'react';
import useInterval from 'react-use/esm/useInterval';
import { formatAge } from '../format';

/** Three missed backend polls (10 s each by default) make data stale. */
export const DEFAULT_STALE_AFTER_MS = 30_000;

/** @public */
export interface FreshnessLabelProps {
  /** Age of the data when it was served (the backend's `ageMs`); preferred, as it has no clock skew. */
  ageMs?: number;
  /** ISO time of the data; used when `ageMs` is absent. */
  fetchedAt?: string;
  /** Data older than this is flagged as stale. */
  staleAfterMs?: number;
}

/**
 * "updated 12 s ago", ticking, flagged when the data is older than expected.
 * @public
 */
export function FreshnessLabel(props: FreshnessLabelProps) {
  const { ageMs, fetchedAt, staleAfterMs = DEFAULT_STALE_AFTER_MS } = props;
  // The backend's age is relative to when it answered; count on from the moment it arrived.
  const receivedAt = useMemo(() => Date.now(), [ageMs, fetchedAt]); // eslint-disable-line react-hooks/exhaustive-deps
  const [now, setNow] = useState(() => Date.now());
  useInterval(() => setNow(Date.now()), 1000);

  let age: number | undefined;
  if (ageMs !== undefined) age = ageMs + Math.max(0, now - receivedAt);
  else if (fetchedAt) age = Math.max(0, now - Date.parse(fetchedAt));

  if (age === undefined || Number.isNaN(age)) {
    return (
      <Typography variant="caption" color="textSecondary">
        no data received yet
      </Typography>
    );
  }
  const text =
    age < 2000 ? 'updated just now' : `updated ${formatAge(age)} ago`;
  if (age <= staleAfterMs) {
    return (
      <Typography variant="caption" color="textSecondary">
        {text}
      </Typography>
    );
  }
  return (
    <Tooltip
      title={`Older than ${formatAge(
        staleAfterMs,
      )}: the last polls of this engine failed, or the backend is not polling it`}
    >
      <Typography
        variant="caption"
        style={{
          color: '#b26a00',
          display: 'inline-flex',
          alignItems: 'center',
          gap: 4,
        }}
      >
        <WarningIcon fontSize="inherit" />
        {text} (stale)
      </Typography>
    </Tooltip>
  );
}
