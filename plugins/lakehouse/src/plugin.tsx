import StorageIcon from '@material-ui/icons/Storage';
import {
  ApiBlueprint,
  PageBlueprint,
  SubPageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  EngineKind,
  LAKEHOUSE_ENGINE_ANNOTATION,
  LAKEHOUSE_ICEBERG_TABLE_ANNOTATION,
  LAKEHOUSE_PLATFORM_SERVICE_ANNOTATION,
} from '@internal/plugin-lakehouse-common';
import {
  LakehouseClient,
  engineTitle,
  lakehouseApiRef,
} from '@internal/plugin-lakehouse-react';
import { rootRouteRef } from './routes';

/** `api:lakehouse`: the client of the lakehouse backend. */
export const lakehouseApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: lakehouseApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new LakehouseClient({ discoveryApi, fetchApi }),
    }),
});

/** `page:lakehouse`: the Data platform page; its tabs are the engine sub-pages below. */
export const dataPlatformPage = PageBlueprint.make({
  params: {
    path: '/data-platform',
    title: 'Data platform',
    icon: <StorageIcon />,
    routeRef: rootRouteRef,
  },
});

/** `sub-page:lakehouse/<engine>`: one tab per engine, all the same component. */
function engineSubPage<const E extends EngineKind>(engine: E) {
  return SubPageBlueprint.make({
    name: engine,
    attachTo: { id: 'page:lakehouse', input: 'pages' },
    params: {
      path: engine,
      title: engineTitle(engine),
      loader: () =>
        import('./components/EngineTab').then(m => (
          <m.EngineTab engine={engine} />
        )),
    },
  });
}

export const sparkSubPage = engineSubPage('spark');
export const flinkSubPage = engineSubPage('flink');
export const raySubPage = engineSubPage('ray');

/** `sub-page:lakehouse/nessie`: Nessie's branches and tags with their latest commits. */
export const nessieSubPage = SubPageBlueprint.make({
  name: 'nessie',
  attachTo: { id: 'page:lakehouse', input: 'pages' },
  params: {
    path: 'nessie',
    title: 'Nessie',
    loader: () => import('./components/NessieRefs').then(m => <m.NessieRefs />),
  },
});

/** Entities that name an engine: platform components and job entities. */
const hasEngineAnnotation = {
  [`metadata.annotations.${LAKEHOUSE_ENGINE_ANNOTATION}`]: { $exists: true },
};

/** `entity-content:lakehouse/engine`: the "Engine" tab of entity pages. */
export const entityEngineContent = EntityContentBlueprint.make({
  name: 'engine',
  params: {
    path: '/engine',
    title: 'Engine',
    filter: hasEngineAnnotation,
    loader: () =>
      import('./components/EntityEngine').then(m => <m.EntityEngineContent />),
  },
});

/** `entity-content:lakehouse/iceberg-table`: the "Table" tab of an Iceberg table's entity page. */
export const entityIcebergTableContent = EntityContentBlueprint.make({
  name: 'iceberg-table',
  params: {
    path: '/table',
    title: 'Table',
    filter: {
      [`metadata.annotations.${LAKEHOUSE_ICEBERG_TABLE_ANNOTATION}`]: {
        $exists: true,
      },
    },
    loader: () =>
      import('./components/IcebergTable').then(m => <m.IcebergTableContent />),
  },
});

/** `entity-card:lakehouse/platform-service`: Nessie's or the object store's health on its component page. */
export const entityPlatformServiceCard = EntityCardBlueprint.make({
  name: 'platform-service',
  params: {
    filter: {
      [`metadata.annotations.${LAKEHOUSE_PLATFORM_SERVICE_ANNOTATION}`]: {
        $exists: true,
      },
    },
    loader: () =>
      import('./components/PlatformService').then(m => (
        <m.PlatformServiceCard />
      )),
  },
});

/** `entity-card:lakehouse/engine`: engine or job status on the entity overview. */
export const entityEngineCard = EntityCardBlueprint.make({
  name: 'engine',
  params: {
    filter: hasEngineAnnotation,
    loader: () =>
      import('./components/EntityEngine').then(m => <m.EntityEngineCard />),
  },
});

/**
 * The lakehouse frontend plugin: the Data platform page (Spark, Flink, Ray and
 * Nessie tabs), the Engine tab and card of entity pages, and the Table tab of
 * Iceberg tables.
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'lakehouse',
  title: 'Data platform',
  icon: <StorageIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    lakehouseApi,
    dataPlatformPage,
    sparkSubPage,
    flinkSubPage,
    raySubPage,
    nessieSubPage,
    entityEngineContent,
    entityEngineCard,
    entityIcebergTableContent,
    entityPlatformServiceCard,
  ],
});
