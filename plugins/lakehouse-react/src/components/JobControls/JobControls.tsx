import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  TERMINAL_JOB_STATES,
  type JobStateRequest,
  type JobSummary,
} from '@internal/plugin-lakehouse-common';
import { useState, type ReactNode } from 'react';
import { lakehouseApiRef } from '../../api/LakehouseApi';
import { describeError } from '../describeError';
import { engineTitle } from '../engines';
import { RestorePointPicker } from './RestorePointPicker';

type Control = 'cancel' | 'savepoint' | 'stop' | 'rerun' | 'suspend' | 'resume';
type UpgradeMode = NonNullable<JobStateRequest['upgradeMode']>;

/** How each engine calls cancelling: the engines differ only here. */
const CANCEL_LABEL = {
  spark: 'Kill driver',
  flink: 'Cancel',
  ray: 'Stop job',
} as const;

/** What a control waits for, shown beside the spinner. */
const WAITING: Record<Control, string> = {
  cancel: 'Waiting for the engine to accept the cancellation…',
  savepoint: 'Waiting for Flink to write the savepoint…',
  stop: 'Waiting for Flink to write the savepoint and stop the job…',
  rerun: 'Staging the kept project and submitting it…',
  suspend: 'Asking the operator to suspend the job…',
  resume: 'Asking the operator to resume the job…',
};

/** How the Flink operator keeps a FlinkSessionJob's state when suspending it (last-state: not for session jobs). */
const UPGRADE_MODES: Record<UpgradeMode, string> = {
  savepoint: 'Savepoint: written first, restored on resume',
  stateless: 'Stateless: no state kept',
};

interface Outcome {
  ok: boolean;
  message: ReactNode;
}

/**
 * The job's controls, each confirmed in a dialog, with a spinner that says what it waits for and the
 * result (the savepoint's location, the new job) or the backend's reason for a refusal. The backend
 * decides who may (the submitter, the entity's owners, admins); a refusal is shown as it says.
 */
export function JobControls(props: {
  job: JobSummary;
  /** Called after a control changed the job, to reload it. */
  onChanged?: () => void;
  /** Where a rerun's new job is shown. */
  jobLink?: (jobId: string) => string | undefined;
  /** For a job that is a custom resource (RayJob, SparkApplication, FlinkSessionJob): its kind. */
  resourceKind?: string;
}) {
  const { job, onChanged, jobLink, resourceKind } = props;
  const api = useApi(lakehouseApiRef);
  const [open, setOpen] = useState<Control>();
  const [running, setRunning] = useState<Control>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [drain, setDrain] = useState(false);
  const [restoreFrom, setRestoreFrom] = useState<string>();
  const [upgradeMode, setUpgradeMode] = useState<UpgradeMode>('savepoint');
  const ended = (TERMINAL_JOB_STATES as readonly string[]).includes(job.state);
  // Savepoints and restore points are the Flink REST API's; a FlinkSessionJob is suspended instead.
  const flink = job.engine === 'flink' && !resourceKind;
  const sessionJob = resourceKind === 'FlinkSessionJob';
  const suspended = /^suspend/i.test(job.rawState ?? '');
  // Kept history of a job the engine (or the cluster) no longer has: only a rerun can act on it.
  const gone = !!job.fromHistory;
  const ref = [job.engine, job.instance, job.id] as const;

  async function run(control: Control) {
    setOpen(undefined);
    setRunning(control);
    setOutcome(undefined);
    try {
      setOutcome(await perform(control));
      onChanged?.();
    } catch (e) {
      setOutcome({ ok: false, message: describeError(e as Error) });
    } finally {
      setRunning(undefined);
    }
  }

  async function perform(control: Control): Promise<Outcome> {
    switch (control) {
      case 'cancel':
        await api.cancelJob(...ref);
        return {
          ok: true,
          message: resourceKind
            ? `The ${resourceKind} was deleted; its operator stops the job.`
            : `${engineTitle(job.engine)} accepted the cancellation.`,
        };
      case 'suspend':
      case 'resume': {
        const { changed } = await api.setJobState(...ref, {
          state: control === 'suspend' ? 'suspended' : 'running',
          ...(control === 'suspend' && sessionJob && { upgradeMode }),
        });
        return {
          ok: true,
          message: (
            <>
              Set{' '}
              {Object.entries(changed).map(([field, value], i) => (
                <span key={field}>
                  {i > 0 && ', '}
                  <code>
                    {field}: {String(value)}
                  </code>
                </span>
              ))}
              ; the state here follows as the operator acts.
            </>
          ),
        };
      }
      case 'savepoint':
      case 'stop': {
        const { location, durationMs } = await api.savepoint(...ref, {
          stop: control === 'stop',
          drain,
        });
        return {
          ok: true,
          message: (
            <>
              {control === 'stop'
                ? 'Stopped after a savepoint'
                : 'Savepoint written'}{' '}
              in {(durationMs / 1000).toFixed(1)} s: <code>{location}</code>
            </>
          ),
        };
      }
      default: {
        const result = await api.rerunJob(...ref, {
          ...(restoreFrom && { restoreFrom }),
        });
        const link = result.jobId && jobLink?.(result.jobId);
        return {
          ok: true,
          message: (
            <>
              Submitted again as{' '}
              {link ? (
                <Link to={link}>{result.jobId}</Link>
              ) : (
                <code>{result.jobId}</code>
              )}
              {result.restoredFrom && (
                <>
                  , resumed from <code>{result.restoredFrom}</code>
                </>
              )}
              .
            </>
          ),
        };
      }
    }
  }

  const button = (control: Control, label: string, show: boolean) =>
    show && (
      <Button
        key={control}
        variant="outlined"
        size="small"
        disabled={!!running}
        onClick={() => setOpen(control)}
      >
        {label}
      </Button>
    );

  return (
    <Box my={1} role="group" aria-label="Job controls">
      <Box display="flex" gridGap={8} flexWrap="wrap">
        {button('savepoint', 'Trigger savepoint', flink && !ended && !gone)}
        {button('stop', 'Stop with savepoint', flink && !ended && !gone)}
        {button(
          'suspend',
          'Suspend',
          !!resourceKind && !ended && !suspended && !gone,
        )}
        {button('resume', 'Resume', !!resourceKind && suspended && !gone)}
        {/* A custom resource can be deleted as long as it exists, suspended or finished. */}
        {button(
          'cancel',
          resourceKind ? `Delete ${resourceKind}` : CANCEL_LABEL[job.engine],
          !gone && (!!resourceKind || !ended),
        )}
        {button('rerun', flink ? 'Rerun or resume' : 'Rerun', true)}
      </Box>
      {running && (
        <Box
          display="flex"
          alignItems="center"
          gridGap={8}
          mt={1}
          role="status"
        >
          <CircularProgress size={16} />
          <Typography variant="body2">{WAITING[running]}</Typography>
        </Box>
      )}
      {outcome && (
        <Box mt={1} role={outcome.ok ? 'status' : 'alert'}>
          <Typography
            variant="body2"
            color={outcome.ok ? 'textPrimary' : 'error'}
          >
            {outcome.message}
          </Typography>
        </Box>
      )}
      <Dialog
        open={!!open}
        onClose={() => setOpen(undefined)}
        aria-labelledby="job-control-title"
      >
        <DialogTitle id="job-control-title">
          {open && title(open, job, resourceKind)}
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2" gutterBottom>
            {open && explanation(open, job, resourceKind)}
          </Typography>
          {open === 'suspend' && sessionJob && (
            <RadioGroup
              aria-label="How the operator keeps the job's state"
              value={upgradeMode}
              onChange={e => setUpgradeMode(e.target.value as UpgradeMode)}
            >
              {Object.entries(UPGRADE_MODES).map(([mode, label]) => (
                <FormControlLabel
                  key={mode}
                  value={mode}
                  control={<Radio size="small" />}
                  label={label}
                />
              ))}
            </RadioGroup>
          )}
          {open === 'stop' && (
            <FormControlLabel
              control={
                <Checkbox
                  checked={drain}
                  onChange={e => setDrain(e.target.checked)}
                />
              }
              label="Drain: flush event-time windows first (for a job not meant to resume)"
            />
          )}
          {open === 'rerun' && flink && (
            <RestorePointPicker
              job={job}
              value={restoreFrom}
              onChange={setRestoreFrom}
            />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(undefined)}>Back</Button>
          <Button
            color="primary"
            variant="contained"
            onClick={() => open && run(open)}
          >
            {open && confirmLabel(open, restoreFrom, resourceKind)}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

function title(
  control: Control,
  job: JobSummary,
  resourceKind?: string,
): string {
  const name = `'${job.name}'`;
  switch (control) {
    case 'cancel':
      return resourceKind
        ? `Delete the ${resourceKind} ${name}?`
        : `${CANCEL_LABEL[job.engine]} ${name}?`;
    case 'suspend':
      return `Suspend ${name}?`;
    case 'resume':
      return `Resume ${name}?`;
    case 'savepoint':
      return `Write a savepoint of ${name}?`;
    case 'stop':
      return `Stop ${name} with a savepoint?`;
    default:
      return `Run ${name} again?`;
  }
}

function explanation(
  control: Control,
  job: JobSummary,
  resourceKind?: string,
): string {
  switch (control) {
    case 'suspend':
      return resourceKind === 'FlinkSessionJob'
        ? 'The Flink operator stops the job and keeps it as chosen below; Resume starts it again from that state.'
        : `The operator stops the ${resourceKind}'s pods and keeps the resource; Resume starts it again.`;
    case 'resume':
      return `The operator starts the ${resourceKind} again${
        resourceKind === 'FlinkSessionJob'
          ? ', from the state kept when it was suspended'
          : ''
      }.`;
    case 'cancel':
      if (resourceKind)
        return `The ${resourceKind} is deleted and its operator stops the job; the portal keeps its history.`;
      return job.engine === 'flink'
        ? 'The job stops without a savepoint; it can resume from a retained checkpoint only if it keeps them.'
        : 'The job stops; what it wrote so far stays.';
    case 'savepoint':
      return 'The job keeps running; the savepoint is a state it can later resume from.';
    case 'stop':
      return 'Flink writes a savepoint, then stops the job. Rerun it from that savepoint to resume where it stopped.';
    default:
      return 'The same project and parameters are submitted again as a new job; you become its submitter.';
  }
}

function confirmLabel(
  control: Control,
  restoreFrom?: string,
  resourceKind?: string,
): string {
  switch (control) {
    case 'cancel':
      return resourceKind ? 'Delete' : 'Cancel the job';
    case 'suspend':
      return 'Suspend';
    case 'resume':
      return 'Resume';
    case 'savepoint':
      return 'Write savepoint';
    case 'stop':
      return 'Stop with savepoint';
    default:
      return restoreFrom ? 'Resume' : 'Rerun';
  }
}
