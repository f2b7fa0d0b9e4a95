import {
  Content,
  Header,
  Page,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  FRAUD_ALERTS_SIGNAL_CHANNEL,
  type FraudAlertsChangedSignal,
} from '@internal/plugin-fraud-common';
import { usePolling } from '@internal/plugin-lakehouse-react';
import { useEffect, useMemo, useState } from 'react';
import { fraudApiRef } from '../api';
import { AlertsOverTime } from './AlertsOverTime';
import { LatestAlerts, TopUsers } from './AlertTables';
import { KpiTiles } from './KpiTiles';
import { PipelineHealthCard } from './PipelineHealthCard';
import { SimulationCard } from './SimulationCard';

const RANGES: [string, number | undefined][] = [
  ['All alerts', undefined],
  ['Last hour', 3_600_000],
  ['Last 6 hours', 6 * 3_600_000],
  ['Last 24 hours', 24 * 3_600_000],
  ['Last 7 days', 7 * 24 * 3_600_000],
];

/** The fraud team's page: what the real-time detector is catching, from its alerts table. */
export function FraudDashboardPage(props: { jobName?: string }) {
  const api = useApi(fraudApiRef);
  const [range, setRange] = useState(RANGES[0][0]);
  const spanMs = RANGES.find(([label]) => label === range)?.[1];
  // A relative range is re-anchored at every poll, so "last hour" keeps moving.
  const { value, error, loading, retry } = usePolling(
    () =>
      api.getSummary(
        spanMs ? { from: new Date(Date.now() - spanMs).toISOString() } : {},
      ),
    [api, spanMs],
  );
  // New alerts are pushed: refetch at once rather than at the next poll (polling stays the fallback).
  const { lastSignal } = useSignal<FraudAlertsChangedSignal>(
    FRAUD_ALERTS_SIGNAL_CHANNEL,
  );
  useEffect(() => {
    if (lastSignal) retry();
  }, [lastSignal, retry]); // retry is stable: one refetch per signal
  const summary = value?.summary;
  const subtitle = useMemo(
    () =>
      summary
        ? `${summary.table} · ${summary.snapshots} snapshot(s) read`
        : 'Alerts of the fraud detection pipeline',
    [summary],
  );
  return (
    <Page themeId="tool">
      <Header title="Fraud detection" subtitle={subtitle} />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <TextField
              select
              label="Time range"
              value={range}
              onChange={e => setRange(e.target.value as string)}
              variant="outlined"
              size="small"
            >
              {RANGES.map(([label]) => (
                <MenuItem key={label} value={label}>
                  {label}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          {loading && !value && (
            <Grid item xs={12}>
              <Progress />
              <Typography variant="body2">Reading the alerts table…</Typography>
            </Grid>
          )}
          {error && (
            <Grid item xs={12}>
              <WarningPanel
                defaultExpanded
                severity="error"
                title="The fraud backend did not answer"
                message={error.message}
              />
            </Grid>
          )}
          {value && value.state !== 'ready' && (
            <Grid item xs={12}>
              <WarningPanel
                defaultExpanded
                severity={value.state === 'missing' ? 'info' : 'warning'}
                title={
                  value.state === 'missing'
                    ? 'No alerts table yet'
                    : 'The alerts table could not be read'
                }
                message={value.message}
              />
            </Grid>
          )}
          {summary && (
            <>
              <Grid item xs={12}>
                <KpiTiles kpis={summary.kpis} />
              </Grid>
              <Grid item xs={12} md={8}>
                <AlertsOverTime summary={summary} />
              </Grid>
              <Grid item xs={12} md={4}>
                <PipelineHealthCard
                  jobName={props.jobName ?? 'fraud-detection'}
                  lastCommitAt={summary.lastCommitAt}
                  stream={summary.stream}
                />
              </Grid>
              <Grid item xs={12} md={5}>
                <TopUsers users={summary.topUsers} />
              </Grid>
              <Grid item xs={12} md={7}>
                <LatestAlerts alerts={summary.latest} />
              </Grid>
            </>
          )}
          {/* The traffic the detector sees: its own source, shown whatever the alerts table's state. */}
          <Grid item xs={12}>
            <SimulationCard />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
