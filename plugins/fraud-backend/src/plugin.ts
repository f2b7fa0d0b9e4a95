import { S3Client } from '@aws-sdk/client-s3';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { fraudPermissions } from '@internal/plugin-fraud-common';
import { IcebergRestCatalog } from 'iceberg-js';
import { AlertsService, ALERT_COLUMNS } from './alerts/AlertsService';
import { S3ObjectReader } from './alerts/icebergFiles';
import {
  IncrementalTableReader,
  TableMetadataLike,
} from './alerts/IncrementalTableReader';
import { readFraudConfig } from './config';
import { createRouter } from './router';

/**
 * The fraud dashboard's backend: reads the fraud detector's alerts table
 * through the Iceberg REST catalog and the object store, incrementally, and
 * serves summaries under `/api/fraud`.
 * @public
 */
export const fraudPlugin = createBackendPlugin({
  pluginId: 'fraud',
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
      },
      async init({
        config,
        logger,
        scheduler,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
      }) {
        permissionsRegistry.addPermissions(fraudPermissions);
        const fraud = readFraudConfig(config);
        const table = fraud
          ? [...fraud.namespace, fraud.tableName].join('.')
          : 'fraud.alerts';
        let loadTable = async (): Promise<TableMetadataLike | undefined> =>
          undefined;
        let files = new S3ObjectReader(new S3Client({ region: 'us-east-1' }));
        if (fraud) {
          const catalog = new IcebergRestCatalog({
            baseUrl: fraud.catalogUri,
            warehouse: fraud.warehouse,
          });
          files = new S3ObjectReader(
            new S3Client({
              endpoint: fraud.objectStore.endpoint,
              region: fraud.objectStore.region,
              forcePathStyle: fraud.objectStore.forcePathStyle,
              maxAttempts: 2,
            }),
          );
          loadTable = async () => {
            try {
              return (await catalog.loadTable({
                namespace: fraud.namespace,
                name: fraud.tableName,
              })) as unknown as TableMetadataLike;
            } catch (e) {
              if ((e as { status?: number }).status === 404) return undefined;
              throw e;
            }
          };
        } else {
          logger.info('fraud is not configured: the dashboard will say so');
        }
        const alerts = new AlertsService({
          table,
          loadTable,
          reader: new IncrementalTableReader(files, ALERT_COLUMNS),
          logger,
        });
        if (fraud) {
          await scheduler.scheduleTask({
            id: 'fraud-alerts-refresh',
            frequency: { milliseconds: fraud.refreshIntervalMs },
            timeout: { minutes: 5 },
            // Each replica keeps its own copy in memory.
            scope: 'local',
            fn: () => alerts.refresh(),
          });
        }
        httpRouter.use(
          await createRouter({
            alerts,
            // Unconfigured: the state never changes, nothing to refresh.
            maxAgeMs: fraud?.refreshIntervalMs ?? Infinity,
            httpAuth,
            permissions,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
