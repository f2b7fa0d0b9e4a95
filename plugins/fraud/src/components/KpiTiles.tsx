import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { FraudSummary } from '@internal/plugin-fraud-common';

/** 1.5 s, 12 min, 3.2 h, 426 d: replayed old events give days, live ones seconds. */
export function duration(ms: number): string {
  const s = ms / 1000;
  if (Math.abs(s) < 60) return `${s.toFixed(1)} s`;
  if (Math.abs(s) < 3600) return `${Math.round(s / 60)} min`;
  if (Math.abs(s) < 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${Math.round(s / 86400)} d`;
}

/** The four numbers a fraud analyst looks at first. */
export function KpiTiles({ kpis }: { kpis: FraudSummary['kpis'] }) {
  const tiles: [string, string, string][] = [
    ['Alerts', kpis.alerts.toLocaleString('en-US'), 'in the selected range'],
    [
      'Flagged users',
      kpis.flaggedUsers.toLocaleString('en-US'),
      'distinct users with an alert',
    ],
    [
      'Alert rate',
      `${kpis.alertsPerHour.toLocaleString('en-US')} / h`,
      'over the alerts’ time span',
    ],
    [
      'Detection latency',
      kpis.detectionLatencyMs
        ? `${duration(kpis.detectionLatencyMs.p50)} (p95 ${duration(
            kpis.detectionLatencyMs.p95,
          )})`
        : 'not recorded',
      'window end to alert, median',
    ],
  ];
  return (
    <Grid container spacing={2}>
      {tiles.map(([title, value, note]) => (
        <Grid item xs={12} sm={6} md={3} key={title}>
          <InfoCard title={title} noPadding={false}>
            <Typography variant="h4" aria-label={title}>
              {value}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              {note}
            </Typography>
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
}
