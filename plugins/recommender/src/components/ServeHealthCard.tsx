import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  describeError,
  DetailList,
  formatAge,
  formatTime,
  LoadingLabel,
  usePolling,
} from '@internal/plugin-lakehouse-react';
import type {
  ServeErrorSource,
  ServeHealthResponse,
} from '@internal/plugin-recommender-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { recommenderApiRef } from '../api';

const SOURCE: Record<ServeErrorSource, string> = {
  'ray-serve-api': "Ray Serve's REST API",
  service: 'The recommendation service',
};

const GOOD = new Set(['RUNNING', 'HEALTHY']);
const BAD = new Set(['DEPLOY_FAILED', 'UNHEALTHY']);

function StatusChip(props: { status: string; label?: string }) {
  const { status } = props;
  let color = '#757575';
  if (GOOD.has(status)) color = '#2e7d32';
  else if (BAD.has(status)) color = '#c62828';
  else if (status !== 'NOT_STARTED' && status !== 'DELETING') color = '#ef6c00';
  return (
    <Chip
      size="small"
      label={status}
      aria-label={props.label}
      style={{ backgroundColor: color, color: '#fff' }}
    />
  );
}

const when = (iso: string | null) =>
  iso
    ? `${formatTime(iso)} (${formatAge(Date.now() - Date.parse(iso))} ago)`
    : null;

function replicas(r: ServeHealthResponse['deployments'][number]['replicas']) {
  const others = Object.entries(r.byState)
    .filter(([state]) => state !== 'RUNNING')
    .map(([state, n]) => `${n} ${state.toLowerCase()}`);
  return `${r.running} of ${r.total} running${
    r.target !== null ? ` (target ${r.target})` : ''
  }${others.length ? `; ${others.join(', ')}` : ''}`;
}

/**
 * The Serve application's health: its state and deployments as Ray Serve reports them, and the
 * version the service says it loaded, against the promoted one. What could not be asked is shown
 * as such, beside what could.
 */
export function ServeHealthCard(props: { promotedVersionId?: string }) {
  const api = useApi(recommenderApiRef);
  const { value, error, loading } = usePolling(
    () => api.getServeHealth(),
    [api],
  );
  const served = value?.served;
  const { promotedVersionId } = props;
  return (
    <InfoCard
      title="Serve health"
      subheader={
        value
          ? `Ray Serve application ${value.application}`
          : 'The Ray Serve application'
      }
    >
      {loading && (
        <LoadingLabel label="Asking Ray Serve and the recommendation service how they are…" />
      )}
      {error && (
        <Alert severity="error">
          The recommender backend did not answer: {describeError(error)}
        </Alert>
      )}
      {value && !value.configured && (
        <Alert severity="info">
          Ray Serve is not configured: set recommender.serve.dashboardUrl and
          recommender.serve.url in app-config.
        </Alert>
      )}
      {value?.errors.map((e, i) => (
        <Alert severity="warning" key={i} role="status">
          <strong>{SOURCE[e.source]}:</strong> {e.message}
        </Alert>
      ))}
      {value?.status && (
        <Box my={1}>
          <Typography variant="body2" component="div">
            Application <code>{value.application}</code>:{' '}
            <StatusChip status={value.status} label="Application status" />
            {value.lastDeployedAt &&
              ` deployed ${formatTime(value.lastDeployedAt)}`}
          </Typography>
          {value.message && (
            <Typography variant="caption" color="textSecondary">
              {value.message}
            </Typography>
          )}
        </Box>
      )}
      {value && value.deployments.length > 0 && (
        <Table size="small" aria-label="Deployments">
          <TableHead>
            <TableRow>
              <TableCell>Deployment</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Replicas</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.deployments.map(d => (
              <TableRow key={d.name}>
                <TableCell>
                  {d.name}
                  {d.message && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="div"
                    >
                      {d.message}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <StatusChip status={d.status} />
                </TableCell>
                <TableCell aria-label={`Replicas of ${d.name}`}>
                  {replicas(d.replicas)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {served && (
        <>
          {promotedVersionId && served.versionId !== promotedVersionId && (
            <Alert severity="info">
              {promotedVersionId} is promoted; the service still serves{' '}
              {served.versionId ?? 'nothing'}
              {served.error
                ? `: ${served.error}`
                : ': its replicas switch at their next check.'}
            </Alert>
          )}
          <DetailList
            label="Served model"
            rows={[
              ['Version served', served.versionId ?? 'none yet'],
              ['Loaded', when(served.loadedAt)],
              ['Last check of promoted.json', when(served.checkedAt)],
              [
                'Knows',
                served.users !== null && served.products !== null
                  ? `${served.users} users, ${served.products} products`
                  : null,
              ],
              ['Last error', served.error],
            ]}
          />
        </>
      )}
    </InfoCard>
  );
}
