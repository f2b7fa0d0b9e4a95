import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { PolledState } from '@internal/plugin-lakehouse-react';
import { describeError, LoadingLabel } from '@internal/plugin-lakehouse-react';
import type { ReactNode } from 'react';

/**
 * A request's state: a spinner saying what it waits for, its error (with `advice` on what to do),
 * or its value rendered; a failed reload keeps the last value beside the error.
 */
export function LoadState<T>(props: {
  state: PolledState<T>;
  waitingFor: string;
  /** What failed, e.g. "Could not read the table from Nessie". */
  failure?: string;
  children(value: T): ReactNode;
}) {
  const { state, waitingFor, children, failure = 'Could not load' } = props;
  const error = state.error && (
    <WarningPanel
      severity={state.value === undefined ? 'error' : 'warning'}
      title={failure}
      defaultExpanded
    >
      <Typography variant="body2">{describeError(state.error)}</Typography>
    </WarningPanel>
  );
  if (state.value !== undefined) {
    return (
      <>
        {error}
        {children(state.value)}
      </>
    );
  }
  return error ?? <LoadingLabel label={waitingFor} />;
}
