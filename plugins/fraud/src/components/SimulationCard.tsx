import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  MAX_FRAUD_PER_MINUTE,
  type SimulationControlRequest,
  type SimulationState,
} from '@internal/plugin-fraud-common';
import {
  DetailList,
  describeError,
  formatAge,
  formatTime,
  usePolling,
} from '@internal/plugin-lakehouse-react';
import { useEffect, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { fraudApiRef } from '../api';

/** The simulator writes its status every interval (5 s by default): poll a little faster than that. */
const POLL_MS = 3_000;

const LIVENESS: Record<SimulationState['liveness'], string> = {
  live: 'Live',
  ended: 'Ended',
  silent: 'Not responding',
  absent: 'Not started',
};

function headline(state: SimulationState): string {
  const { status, liveness } = state;
  if (!status || liveness === 'absent') return 'No simulator has run yet';
  if (liveness === 'ended')
    return `Its last run ${status.state} ${formatAge(
      Date.now() - Date.parse(status.heartbeatAt),
    )} ago`;
  if (liveness === 'silent')
    return `No heartbeat since ${formatTime(
      status.heartbeatAt,
    )}: the job is gone`;
  return status.running
    ? `${status.eventsPerSecond.toFixed(1)} events/s now`
    : 'Stopped: no events are written';
}

function howToStart(state: SimulationState) {
  return (
    <Typography variant="body2" color="textSecondary">
      Its job is not running, so there is nothing to shape. On the local
      platform <code>./portal start</code> submits it; in a cluster the RayJob{' '}
      <code>clickstream-simulator</code> of <code>k8s/</code> runs it. The
      portal reads its status at <code>{state.statusUri}</code>.
    </Typography>
  );
}

function NumberInput(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint: string;
  max: number;
  disabled: boolean;
}) {
  return (
    <Box mr={2} mb={1}>
      <TextField
        id={props.id}
        label={props.label}
        type="number"
        size="small"
        variant="outlined"
        value={props.value}
        onChange={e => props.onChange(e.target.value)}
        error={!!props.error}
        helperText={props.error ?? props.hint}
        inputProps={{ min: 0, max: props.max, step: 1 }}
        disabled={props.disabled}
      />
    </Box>
  );
}

function Controls(props: {
  state: SimulationState;
  onChange: (change: SimulationControlRequest) => void;
  busy: boolean;
}) {
  const { state, onChange, busy } = props;
  const status = state.status!;
  const wanted = state.control ?? status;
  const [rate, setRate] = useState(String(wanted.rate));
  const [fraud, setFraud] = useState(String(wanted.fraudPerMinute));
  // A change made elsewhere (another user, another tab) shows up here.
  useEffect(() => setRate(String(wanted.rate)), [wanted.rate]);
  useEffect(
    () => setFraud(String(wanted.fraudPerMinute)),
    [wanted.fraudPerMinute],
  );
  const rateValue = Number(rate);
  const fraudValue = Number(fraud);
  const rateError =
    rate === '' || !(rateValue >= 0 && rateValue <= status.capacity)
      ? `0 to ${status.capacity} events/s`
      : undefined;
  const fraudError =
    fraud === '' || !(fraudValue >= 0 && fraudValue <= MAX_FRAUD_PER_MINUTE)
      ? `0 to ${MAX_FRAUD_PER_MINUTE} per minute`
      : undefined;
  const disabled = busy || !state.canControl;
  return (
    <Box display="flex" flexWrap="wrap" alignItems="flex-start" mt={2}>
      <Box mr={2} mb={1}>
        <Button
          variant="contained"
          color={wanted.running ? 'default' : 'primary'}
          disabled={disabled}
          onClick={() => onChange({ running: !wanted.running })}
        >
          {wanted.running ? 'Stop' : 'Start'}
        </Button>
      </Box>
      <NumberInput
        id="simulation-rate"
        label="Rate (events/s)"
        value={rate}
        onChange={setRate}
        error={rateError}
        hint={`up to ${status.capacity}`}
        max={status.capacity}
        disabled={disabled}
      />
      <NumberInput
        id="simulation-fraud-per-minute"
        label="Fraudsters per minute"
        value={fraud}
        onChange={setFraud}
        error={fraudError}
        hint="burst fraudsters injected"
        max={MAX_FRAUD_PER_MINUTE}
        disabled={disabled}
      />
      <Box mb={1}>
        <Button
          variant="outlined"
          color="primary"
          disabled={
            disabled ||
            !!rateError ||
            !!fraudError ||
            (rateValue === wanted.rate && fraudValue === wanted.fraudPerMinute)
          }
          onClick={() =>
            onChange({ rate: rateValue, fraudPerMinute: fraudValue })
          }
        >
          Apply
        </Button>
      </Box>
    </Box>
  );
}

/**
 * The clickstream simulator: what it writes now, and (for its owners) start, stop, rate and
 * fraud rate. Changes go through the fraud backend, which checks the permission and audits them.
 */
export function SimulationCard() {
  return (
    // A named region: what assistive technology (and a browser test) finds the card by.
    <div role="region" aria-label="Clickstream simulation">
      <SimulationCardContent />
    </div>
  );
}

function SimulationCardContent() {
  const api = useApi(fraudApiRef);
  const polled = usePolling(() => api.getSimulation(), [api], {
    intervalMs: POLL_MS,
  });
  const [changed, change] = useAsyncFn(
    (request: SimulationControlRequest) => api.controlSimulation(request),
    [api],
  );
  // The answer to a change is the newest state until the next poll brings a newer one.
  const state =
    changed.value &&
    (!polled.value ||
      Date.parse(changed.value.fetchedAt) > Date.parse(polled.value.fetchedAt))
      ? changed.value
      : polled.value;
  const { retry } = polled;
  useEffect(() => {
    if (changed.value) retry();
  }, [changed.value, retry]);

  if (!state) {
    return (
      <InfoCard title="Clickstream simulation">
        {polled.error ? (
          <WarningPanel
            defaultExpanded
            severity="error"
            title="The fraud backend did not answer"
            message={describeError(polled.error)}
          />
        ) : (
          <>
            <Progress />
            <Typography variant="body2">
              Reading the simulator's status…
            </Typography>
          </>
        )}
      </InfoCard>
    );
  }
  const { status } = state;
  const live = state.liveness === 'live' && status;
  return (
    <InfoCard
      title="Clickstream simulation"
      subheader={headline(state)}
      action={
        <Chip
          size="small"
          label={
            live && !status.running
              ? 'Live · stopped'
              : LIVENESS[state.liveness]
          }
          color={live ? 'primary' : 'default'}
        />
      }
    >
      {state.error && (
        <WarningPanel
          defaultExpanded
          severity="warning"
          title="The simulator's files could not all be read"
          message={state.error}
        />
      )}
      {status && (
        <DetailList
          label="Simulator status"
          rows={[
            ['Events per second now', status.eventsPerSecond.toFixed(1)],
            [
              'Set to',
              `${status.rate} events/s, ${status.fraudPerMinute} fraudsters/min`,
            ],
            [
              'Written',
              status.eventsPrefix.startsWith('kafka://')
                ? `${status.eventsTotal} events to ${status.eventsPrefix}`
                : `${status.eventsTotal} events in ${status.files} files to ${status.eventsPrefix}/`,
            ],
            [
              'Injected bursts',
              status.lastBurst
                ? `${status.bursts}, the last by ${status.lastBurst.user_id}`
                : String(status.bursts),
            ],
            ['Running since', formatTime(status.startedAt)],
            [
              'Last heartbeat',
              `${formatAge(Date.now() - Date.parse(status.heartbeatAt))} ago`,
            ],
            ['Ends', status.endsAt ? formatTime(status.endsAt) : null],
            ['Ray job', status.jobId],
            ['Control file rejected', status.controlError],
          ]}
        />
      )}
      {state.pending && state.control && (
        <Typography variant="body2" color="textSecondary">
          Waiting for the simulator to apply change {state.control.revision} (it
          reads its controls every {status?.intervalSeconds ?? 5} s)…
        </Typography>
      )}
      {changed.error && (
        <WarningPanel
          defaultExpanded
          severity="error"
          title="The change was not made"
          message={describeError(changed.error)}
        />
      )}
      {live ? (
        <>
          <Controls state={state} onChange={change} busy={changed.loading} />
          {!state.canControl && (
            <Typography variant="body2" color="textSecondary">
              Only the owners of {state.simulatorEntity} can start, stop or
              shape the simulation.
            </Typography>
          )}
        </>
      ) : (
        howToStart(state)
      )}
    </InfoCard>
  );
}
