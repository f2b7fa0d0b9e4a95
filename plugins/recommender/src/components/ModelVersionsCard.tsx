import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  describeError,
  formatTime,
  LoadingLabel,
  type PolledState,
} from '@internal/plugin-lakehouse-react';
import {
  DEFAULT_RECOMMENDER_SERVING_ENTITY,
  recommenderModelPromotePermission,
  rollbackTarget,
  type ModelVersion,
  type ModelVersionsResponse,
} from '@internal/plugin-recommender-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { recommenderApiRef } from '../api';
import { count, lift, metric, seconds } from './format';

/** A promotion or rollback the user asked for: the version it makes current. */
type Action = { kind: 'promote' | 'rollback'; versionId: string };

const SHOWN_FIRST = 20;

const verb = (a: Action) =>
  a.kind === 'promote'
    ? `Promoting ${a.versionId}`
    : `Rolling back to ${a.versionId}`;

function StatusCell(props: { version: ModelVersion }) {
  const { status, error } = props.version;
  return (
    <>
      <Chip
        size="small"
        label={status}
        style={{
          backgroundColor: status === 'ready' ? '#2e7d32' : '#c62828',
          color: '#fff',
        }}
      />
      {error && (
        <Typography
          variant="caption"
          color="error"
          component="div"
          title={error}
          style={{ maxWidth: 320, wordBreak: 'break-word' }}
        >
          {error.length > 200 ? `${error.slice(0, 200)}…` : error}
        </Typography>
      )}
    </>
  );
}

function MetricCell(props: {
  model: number | null;
  baseline?: number | null;
  label: string;
}) {
  const { model, baseline, label } = props;
  const times = lift(model, baseline);
  return (
    <>
      <Typography variant="body2" aria-label={label}>
        {metric(model)}
      </Typography>
      {baseline !== undefined && baseline !== null && (
        <Typography variant="caption" color="textSecondary">
          baseline {metric(baseline)}
          {times ? ` (${times})` : ''}
        </Typography>
      )}
    </>
  );
}

/** Whether the user may promote, and if not, why; nothing while it is being asked. */
function PermissionNote(props: {
  loading: boolean;
  allowed: boolean;
  servingEntity?: string;
}) {
  if (props.loading) {
    return (
      <LoadingLabel label="Checking whether you may promote or roll back…" />
    );
  }
  if (props.allowed) return null;
  return (
    <Typography variant="body2" color="textSecondary" gutterBottom>
      You may not promote or roll back: <code>recommender.model.promote</code>{' '}
      is not granted to you on <code>{props.servingEntity}</code> (its owners
      may).
    </Typography>
  );
}

/**
 * The model versions the trainer recorded, newest first: status, data, held-out metrics against
 * the popularity baseline, training time; the promoted one marked. Promote a ready version or
 * roll back, after confirming, when the user may.
 */
export function ModelVersionsCard(props: {
  versions: PolledState<ModelVersionsResponse>;
}) {
  const { value, error, loading, retry } = props.versions;
  const api = useApi(recommenderApiRef);
  const servingEntity = value
    ? value.servingEntity ?? DEFAULT_RECOMMENDER_SERVING_ENTITY
    : undefined;
  const permission = usePermission({
    permission: recommenderModelPromotePermission,
    resourceRef: servingEntity,
  });
  const [asked, setAsked] = useState<Action>();
  const [running, setRunning] = useState<Action>();
  const [result, setResult] = useState<{
    severity: 'success' | 'error';
    text: string;
  }>();
  const [showAll, setShowAll] = useState(false);

  const promoted = value?.promoted ?? null;
  const target = promoted ? rollbackTarget(promoted) : undefined;
  const mayChange = Boolean(value) && !permission.loading && permission.allowed;

  async function run(action: Action) {
    setRunning(action);
    setResult(undefined);
    try {
      const state =
        action.kind === 'promote'
          ? await api.promote(action.versionId)
          : await api.rollback();
      setResult({
        severity: 'success',
        text: `${action.kind === 'promote' ? 'Promoted' : 'Rolled back to'} ${
          state.versionId
        } (was ${promoted?.versionId ?? 'none'}), as ${
          state.promotedBy
        }. Ray Serve's replicas load it within seconds: see Serve health.`,
      });
    } catch (e) {
      setResult({
        severity: 'error',
        text: `${verb(action)} failed: ${describeError(e as Error)}`,
      });
    } finally {
      setRunning(undefined);
      setAsked(undefined);
      retry();
    }
  }

  const versions = value?.versions ?? [];
  const shown = showAll ? versions : versions.slice(0, SHOWN_FIRST);

  return (
    <InfoCard
      title="Model versions"
      subheader={
        value
          ? `${value.table}: every training run, newest first`
          : 'Every training run, newest first'
      }
      action={
        mayChange && target ? (
          <Button
            variant="outlined"
            onClick={() => setAsked({ kind: 'rollback', versionId: target })}
            disabled={Boolean(running)}
          >
            Roll back to {target}
          </Button>
        ) : undefined
      }
    >
      {loading && <LoadingLabel label="Reading the model versions table…" />}
      {error && (
        <Alert severity="error">
          The recommender backend did not answer: {describeError(error)}
          {value ? ' The table shows the last versions received.' : ''}
        </Alert>
      )}
      {value?.stale && (
        <Alert severity="warning">
          These are the versions of the last good read: reading the table fails
          since {formatTime(value.stale.since)} ({value.stale.error}).
        </Alert>
      )}
      {value?.promotedError && (
        <Alert severity="warning">
          Which version is promoted cannot be read: {value.promotedError}.
          Promoting is refused until it is repaired.
        </Alert>
      )}
      {result && (
        <Alert severity={result.severity} onClose={() => setResult(undefined)}>
          {result.text}
        </Alert>
      )}
      {value && (
        <Box mt={1}>
          <Typography variant="body2" gutterBottom>
            {promoted ? (
              <>
                Promoted: <strong>{promoted.versionId}</strong> since{' '}
                {formatTime(promoted.promotedAt)}, by {promoted.promotedBy}
              </>
            ) : (
              'No version is promoted yet: the recommendation service answers 503 until one is.'
            )}
          </Typography>
          <PermissionNote
            loading={permission.loading}
            allowed={permission.allowed}
            servingEntity={servingEntity}
          />
          {versions.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No training has run yet: run apps/recommender-training on Ray
              (./portal start does it on the local platform).
            </Typography>
          ) : (
            <Table size="small" aria-label="Model versions">
              <TableHead>
                <TableRow>
                  <TableCell>Version</TableCell>
                  <TableCell>Created</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Data</TableCell>
                  <TableCell>Precision@10</TableCell>
                  <TableCell>Recall@10</TableCell>
                  <TableCell>RMSE</TableCell>
                  <TableCell>Training time</TableCell>
                  {mayChange && <TableCell />}
                </TableRow>
              </TableHead>
              <TableBody>
                {shown.map(v => {
                  const isPromoted = v.versionId === promoted?.versionId;
                  return (
                    <TableRow
                      key={v.versionId}
                      selected={isPromoted}
                      data-testid={`version-${v.versionId}`}
                    >
                      <TableCell>
                        <Typography
                          variant="body2"
                          style={{ fontFamily: 'monospace' }}
                        >
                          {v.versionId}
                        </Typography>
                        {isPromoted && (
                          <Chip size="small" color="primary" label="Promoted" />
                        )}
                      </TableCell>
                      <TableCell>{formatTime(v.createdAt)}</TableCell>
                      <TableCell>
                        <StatusCell version={v} />
                      </TableCell>
                      <TableCell>
                        <Typography variant="body2">
                          {count(v.numEvents)} events
                        </Typography>
                        <Typography variant="caption" color="textSecondary">
                          {count(v.numUsers)} users · {count(v.numProducts)}{' '}
                          products
                        </Typography>
                      </TableCell>
                      <TableCell>
                        <MetricCell
                          label={`Precision@10 of ${v.versionId}`}
                          model={v.metrics.precisionAt10}
                          baseline={v.metrics.baselinePrecisionAt10}
                        />
                      </TableCell>
                      <TableCell>
                        <MetricCell
                          label={`Recall@10 of ${v.versionId}`}
                          model={v.metrics.recallAt10}
                          baseline={v.metrics.baselineRecallAt10}
                        />
                      </TableCell>
                      <TableCell>{metric(v.metrics.rmse)}</TableCell>
                      <TableCell>{seconds(v.trainingSeconds)}</TableCell>
                      {mayChange && (
                        <TableCell>
                          {v.status === 'ready' && !isPromoted && (
                            <Button
                              size="small"
                              color="primary"
                              variant="contained"
                              disabled={Boolean(running)}
                              onClick={() =>
                                setAsked({
                                  kind: 'promote',
                                  versionId: v.versionId,
                                })
                              }
                              aria-label={`Promote ${v.versionId}`}
                            >
                              Promote
                            </Button>
                          )}
                        </TableCell>
                      )}
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
          {versions.length > SHOWN_FIRST && (
            <Button size="small" onClick={() => setShowAll(s => !s)}>
              {showAll
                ? `Show the ${SHOWN_FIRST} newest`
                : `Show all ${versions.length} versions`}
            </Button>
          )}
        </Box>
      )}
      <Dialog
        open={Boolean(asked)}
        onClose={() => !running && setAsked(undefined)}
        aria-labelledby="recommender-confirm-title"
      >
        {asked && (
          <>
            <DialogTitle id="recommender-confirm-title">
              {asked.kind === 'promote'
                ? `Promote ${asked.versionId}?`
                : `Roll back to ${asked.versionId}?`}
            </DialogTitle>
            <DialogContent>
              <DialogContentText>
                The recommendation service will serve {asked.versionId} instead
                of {promoted?.versionId ?? 'nothing'}: its replicas check
                models/recommender/promoted.json every few seconds and switch
                without downtime. The backend first checks that the version can
                be loaded, and the change is audited.
              </DialogContentText>
              {running && (
                <LoadingLabel
                  label={`${verb(
                    running,
                  )}: waiting for the backend to check model.json and model.npz and write promoted.json…`}
                />
              )}
            </DialogContent>
            <DialogActions>
              <Button
                onClick={() => setAsked(undefined)}
                disabled={Boolean(running)}
              >
                Cancel
              </Button>
              <Button
                color="primary"
                variant="contained"
                disabled={Boolean(running)}
                onClick={() => run(asked)}
              >
                {asked.kind === 'promote' ? 'Promote' : 'Roll back'}
              </Button>
            </DialogActions>
          </>
        )}
      </Dialog>
    </InfoCard>
  );
}
