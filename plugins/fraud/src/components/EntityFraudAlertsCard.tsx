import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { FRAUD_ALERTS_TABLE_ANNOTATION } from '@internal/plugin-fraud-common';
import { usePolling } from '@internal/plugin-lakehouse-react';
import { fraudApiRef } from '../api';
import { rootRouteRef } from '../routes';

const HOUR_MS = 3_600_000;

/**
 * On the detector's entity page: the last hour of alerts from the table the
 * entity names, and the way to the dashboard.
 */
export function EntityFraudAlertsCard() {
  const { entity } = useEntity();
  const table = entity.metadata.annotations?.[FRAUD_ALERTS_TABLE_ANNOTATION];
  const api = useApi(fraudApiRef);
  const dashboard = useRouteRef(rootRouteRef);
  const { value, error } = usePolling(
    () =>
      api.getSummary({ from: new Date(Date.now() - HOUR_MS).toISOString() }),
    [api],
  );
  const link = dashboard && (
    <Link to={dashboard()}>Open the fraud dashboard</Link>
  );
  let body;
  if (error) body = `Fraud alerts unavailable: ${error.message}`;
  else if (!value) body = <Progress />;
  else if (value.table !== table)
    body = `This component writes ${table}; the dashboard reads ${value.table} (fraud.table in app-config).`;
  else if (value.state !== 'ready' || !value.summary)
    body = value.message ?? `No alerts table ${value.table} yet.`;
  else {
    const { kpis, latest } = value.summary;
    body = (
      <>
        <Typography variant="h5" aria-label="Alerts in the last hour">
          {kpis.alerts.toLocaleString('en-US')}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          alerts in the last hour, {kpis.flaggedUsers.toLocaleString('en-US')}{' '}
          flagged user(s)
        </Typography>
        {latest[0] && (
          <Typography variant="body2">
            Latest: {latest[0].rule} by <code>{latest[0].userId}</code>, window
            ending {new Date(latest[0].windowEnd).toLocaleTimeString()}
          </Typography>
        )}
      </>
    );
  }
  return (
    <InfoCard title={`Fraud alerts (${table})`}>
      <Typography variant="body2" component="div" gutterBottom>
        {body}
      </Typography>
      {link}
    </InfoCard>
  );
}
