import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { lakehousePermissions } from '@internal/plugin-lakehouse-common';
import { readEngineInstances } from './config';
import { createEngineClient } from './engines/createEngineClient';
import { createRouter } from './router';
import { SnapshotStore } from './snapshots/SnapshotStore';

/**
 * The lakehouse backend plugin: polls the Spark, Flink and Ray instances of
 * `lakehouse.engines` and serves their status under `/api/lakehouse`.
 * @public
 */
export const lakehousePlugin = createBackendPlugin({
  pluginId: 'lakehouse',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        cache: coreServices.cache,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        logger,
        scheduler,
        cache,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
      }) {
        const instances = readEngineInstances(config);
        logger.info(
          `Watching ${instances.length} engine instance(s): ${
            instances.map(i => `${i.engine}/${i.name}`).join(', ') || 'none'
          }`,
        );
        permissionsRegistry.addPermissions(lakehousePermissions);
        const store = await SnapshotStore.create({
          instances,
          createClient: createEngineClient,
          scheduler,
          cache,
          logger,
        });
        httpRouter.use(
          await createRouter({ store, httpAuth, permissions, logger }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
