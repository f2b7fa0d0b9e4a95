import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import RecommendIcon from '@material-ui/icons/ThumbUpAlt';
import { z } from 'zod';
import { RecommenderClient, recommenderApiRef } from './api';
import { rootRouteRef } from './routes';

export { rootRouteRef };

/** `api:recommender`: the client of the recommender backend. */
export const recommenderApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: recommenderApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RecommenderClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `page:recommender`: the Recommendations page at /recommendations. Its training runs are the
 * Ray jobs named `trainingJobName` on the lakehouse's Ray instance `trainingInstance`.
 */
export const recommenderPage = PageBlueprint.makeWithOverrides({
  configSchema: {
    trainingInstance: z.string().min(1).default('local'),
    trainingJobName: z.string().min(1).default('recommender-training'),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      path: '/recommendations',
      title: 'Recommendations',
      icon: <RecommendIcon />,
      routeRef: rootRouteRef,
      loader: () =>
        import('./components/RecommenderPage').then(m => (
          <m.RecommenderPage
            trainingInstance={config.trainingInstance}
            trainingJobName={config.trainingJobName}
          />
        )),
    });
  },
});

/** The Recommendations page: the recommender's model versions, their promotion, and Ray Serve. */
export default createFrontendPlugin({
  pluginId: 'recommender',
  info: { packageJson: () => import('../package.json') },
  extensions: [recommenderApi, recommenderPage],
  routes: { root: rootRouteRef },
});
