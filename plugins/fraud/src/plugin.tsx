import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import SecurityIcon from '@material-ui/icons/Security';
import { FraudClient, fraudApiRef } from './api';

export const rootRouteRef = createRouteRef();

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

/** The fraud dashboard: alerts of the real-time detector, from its Iceberg table. */
export default createFrontendPlugin({
  pluginId: 'fraud',
  info: { packageJson: () => import('../package.json') },
  extensions: [fraudApi, fraudPage],
  routes: { root: rootRouteRef },
});
