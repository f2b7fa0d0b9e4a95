import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  AuditedActions,
  createObjectStoreClient,
  S3ObjectStore,
  icebergRestTable,
} from '@internal/plugin-lakehouse-node';
import {
  recommenderPermissions,
  type RecommenderUser,
} from '@internal/plugin-recommender-common';
import { readRecommenderConfig } from './config';
import { PromotionService } from './promotion/PromotionService';
import { createRouter, type RecommenderServices } from './router';
import { RayServe } from './serve/RayServe';
import { ClickstreamIndex } from './tryit/ClickstreamIndex';
import { ReferenceTable, type Converted } from './tryit/ReferenceTable';
import {
  PRODUCT_COLUMNS,
  toProduct,
  toUser,
  USER_COLUMNS,
  type Product,
} from './tryit/rows';
import { TryItService } from './tryit/TryItService';
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
          const store = new S3ObjectStore(s3, rec.bucket, {
            timeoutMs: rec.timeoutMs,
            maxBytes: rec.objectStore.maxObjectBytes,
          });
          const promotions = new PromotionService({
            store,
            prefix: rec.prefix,
            versions,
            audited: new AuditedActions({ permissions, auditor }),
            servingEntity: rec.servingEntity,
            logger,
          });
          const serve = new RayServe(rec.serve);
          const referenceTable = <T>(
            table: { namespace: string[]; tableName: string },
            options: {
              columns: string[];
              convert(row: Record<string, unknown>): Converted<T>;
              key(row: T): string;
            },
          ) =>
            new ReferenceTable<T>({
              source: icebergRestTable({ ...rec, ...table }, { s3 }),
              logger,
              maxAgeMs: rec.refreshIntervalMs,
              refreshTimeoutMs: rec.refreshTimeoutMs,
              ...options,
            });
          const tryIt = new TryItService({
            serve,
            users: referenceTable<RecommenderUser>(rec.usersTable, {
              columns: USER_COLUMNS,
              convert: toUser,
              key: u => u.userId,
            }),
            products: referenceTable<Product>(rec.productsTable, {
              columns: PRODUCT_COLUMNS,
              convert: toProduct,
              key: p => p.productId,
            }),
            clickstream: new ClickstreamIndex({
              store,
              key: rec.clickstreamKey,
              checkIntervalMs: rec.refreshIntervalMs,
              logger,
            }),
          });
          services = {
            versions,
            promotions,
            maxAgeMs: rec.refreshIntervalMs,
            servingEntity: rec.servingEntity,
            serve,
            tryIt,
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
