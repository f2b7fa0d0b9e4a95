import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  FRAUD_ALERTS_TABLE_ANNOTATION,
  FRAUD_SIMULATION_ANNOTATION,
} from '@internal/plugin-fraud-common';
import SecurityIcon from '@material-ui/icons/Security';
import { FraudClient, fraudApiRef } from './api';
import { rootRouteRef } from './routes';

export { rootRouteRef };

/** `api:fraud`: the client of the fraud backend. */
export const fraudApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: fraudApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FraudClient({ discoveryApi, fetchApi }),
    }),
});

/** `page:fraud`: the fraud dashboard at /fraud. */
export const fraudPage = PageBlueprint.make({
  params: {
    path: '/fraud',
    title: 'Fraud',
    icon: <SecurityIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/FraudDashboardPage').then(m => (
        <m.FraudDashboardPage />
      )),
  },
});

/** `entity-card:fraud/alerts`: the last hour of alerts on the detector's entity page, linking to /fraud. */
export const entityFraudAlertsCard = EntityCardBlueprint.make({
  name: 'alerts',
  params: {
    filter: {
      [`metadata.annotations.${FRAUD_ALERTS_TABLE_ANNOTATION}`]: {
        $exists: true,
      },
    },
    loader: () =>
      import('./components/EntityFraudAlertsCard').then(m => (
        <m.EntityFraudAlertsCard />
      )),
  },
});

/** `entity-card:fraud/simulation`: the simulator's status and controls on the clickstream components' pages. */
export const entitySimulationCard = EntityCardBlueprint.make({
  name: 'simulation',
  params: {
    filter: {
      [`metadata.annotations.${FRAUD_SIMULATION_ANNOTATION}`]: {
        $exists: true,
      },
    },
    loader: () =>
      import('./components/SimulationCard').then(m => <m.SimulationCard />),
  },
});

/** The fraud dashboard: alerts of the real-time detector, from its Iceberg table. */
export default createFrontendPlugin({
  pluginId: 'fraud',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    fraudApi,
    fraudPage,
    entityFraudAlertsCard,
    entitySimulationCard,
  ],
  routes: { root: rootRouteRef },
});
