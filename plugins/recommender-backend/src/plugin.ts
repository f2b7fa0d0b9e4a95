import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  AuditedActions,
  createObjectStoreClient,
  icebergRestTable,
} from '@internal/plugin-lakehouse-node';
import { recommenderPermissions } from '@internal/plugin-recommender-common';
import { readRecommenderConfig } from './config';
import { S3ObjectStore } from './promotion/ObjectStore';
import { PromotionService } from './promotion/PromotionService';
import { createRouter, type RecommenderServices } from './router';
import { ModelVersionsService } from './versions/ModelVersionsService';

/**
 * The recommender's backend: serves the model versions the training job records (an Iceberg
 * table through the REST catalog) and promotes one for the serving app (`promoted.json` in the
 * object store), under `/api/recommender`.
 * @public
 */
export const recommenderPlugin = createBackendPlugin({
  pluginId: 'recommender',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
      },
      async init({
        config,
        logger,
        scheduler,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        auditor,
      }) {
        permissionsRegistry.addPermissions(recommenderPermissions);
        const rec = readRecommenderConfig(config);
        let services: RecommenderServices | undefined;
        if (!rec) {
          logger.info(
            'recommender is not configured: its routes will say so (set recommender.catalogUri)',
          );
        } else {
          const s3 = createObjectStoreClient(rec.objectStore, rec.timeoutMs);
          const versions = new ModelVersionsService({
            source: icebergRestTable(rec, { s3 }),
            logger,
            refreshTimeoutMs: rec.refreshTimeoutMs,
          });
          const promotions = new PromotionService({
            store: new S3ObjectStore(s3, rec.bucket, {
              timeoutMs: rec.timeoutMs,
              maxBytes: rec.objectStore.maxObjectBytes,
            }),
            prefix: rec.prefix,
            versions,
            audited: new AuditedActions({ permissions, auditor }),
            servingEntity: rec.servingEntity,
            logger,
          });
          services = {
            versions,
            promotions,
            maxAgeMs: rec.refreshIntervalMs,
          };
          await scheduler.scheduleTask({
            id: 'recommender-versions-refresh',
            frequency: { milliseconds: rec.refreshIntervalMs },
            timeout: { minutes: 5 },
            // Each replica keeps its own copy in memory.
            scope: 'local',
            fn: () => versions.refresh(),
          });
        }
        httpRouter.use(await createRouter({ services, httpAuth, permissions }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
