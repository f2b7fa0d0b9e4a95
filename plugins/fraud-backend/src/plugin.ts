import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  FRAUD_ALERTS_SIGNAL_CHANNEL,
  fraudDashboardReadPermission,
  fraudPermissions,
  type FraudAlertsChangedSignal,
} from '@internal/plugin-fraud-common';
import {
  AuditedActions,
  createObjectStoreClient,
  IncrementalTableReader,
  CachedPermissionGate,
  S3ObjectStore,
} from '@internal/plugin-lakehouse-node';
import { registerFraudActions } from './actions/fraudActions';
import { AlertsService, ALERT_COLUMNS } from './alerts/AlertsService';
import { icebergAlertsTable } from './alerts/icebergAlertsTable';
import { KafkaAlertStream } from './alerts/KafkaAlertStream';
import { readFraudConfig } from './config';
import { FraudSpikeNotifier } from './notifications/FraudSpikeNotifier';
import { createRouter } from './router';
import { SimulationService } from './simulation/SimulationService';

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
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
        database: coreServices.database,
        notifications: notificationService,
        signals: signalsServiceRef,
        lifecycle: coreServices.lifecycle,
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
        actionsRegistry,
        database,
        notifications,
        signals,
        lifecycle,
      }) {
        permissionsRegistry.addPermissions(fraudPermissions);
        const fraud = readFraudConfig(config);
        if (!fraud)
          logger.info('fraud is not configured: the dashboard will say so');
        const source = icebergAlertsTable(fraud);
        const alerts = new AlertsService({
          table: source.table,
          loadTable: signal => source.loadTable(signal),
          reader: new IncrementalTableReader(source.files, ALERT_COLUMNS),
          logger,
          refreshTimeoutMs: fraud?.refreshTimeoutMs,
          // Open dashboards refetch at once (they still poll without signals).
          onChange: change => {
            signals
              .publish<FraudAlertsChangedSignal>({
                recipients: { type: 'broadcast' },
                channel: FRAUD_ALERTS_SIGNAL_CHANNEL,
                message: change,
              })
              .catch(e =>
                logger.warn(`Publishing the alerts signal failed: ${e}`),
              );
          },
        });
        if (fraud?.stream) {
          const stream = new KafkaAlertStream({
            config: fraud.stream,
            logger,
            onAlerts: rows => alerts.addLive(rows),
          });
          alerts.attachStream(() => stream.status());
          lifecycle.addStartupHook(() => stream.start());
          lifecycle.addShutdownHook(() => stream.stop());
        }
        const spikes =
          fraud?.spikes &&
          (await FraudSpikeNotifier.create(database, {
            ...fraud.spikes,
            alerts,
            notifications,
            logger,
            appBaseUrl: (config.getOptionalString('app.baseUrl') ?? '').replace(
              /\/+$/,
              '',
            ),
          }));
        if (fraud) {
          await scheduler.scheduleTask({
            id: 'fraud-alerts-refresh',
            frequency: { milliseconds: fraud.refreshIntervalMs },
            timeout: { minutes: 5 },
            // Each replica keeps its own copy in memory.
            scope: 'local',
            fn: async () => {
              await alerts.refresh();
              await spikes
                ?.check()
                .catch(e =>
                  logger.warn(`Checking for fraud spikes failed: ${e}`),
                );
            },
          });
        }
        const simulation =
          fraud &&
          new SimulationService({
            store: new S3ObjectStore(
              createObjectStoreClient(fraud.objectStore, fraud.timeoutMs),
              fraud.simulation.bucket,
              { timeoutMs: fraud.timeoutMs, maxBytes: 64 * 1024 },
            ),
            prefix: fraud.simulation.prefix,
            simulatorEntity: fraud.simulation.simulatorEntity,
            audited: new AuditedActions({ permissions, auditor }),
            permissions,
          });
        const dashboardReads = new CachedPermissionGate(
          permissions,
          fraudDashboardReadPermission,
        );
        // Unconfigured: the state never changes, nothing to refresh.
        const maxAgeMs = fraud?.refreshIntervalMs ?? Infinity;
        httpRouter.use(
          await createRouter({
            alerts,
            simulation,
            maxAgeMs,
            httpAuth,
            dashboardReads,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        registerFraudActions(actionsRegistry, {
          alerts,
          maxAgeMs,
          requireDashboardRead: credentials =>
            dashboardReads.check(credentials),
        });
      },
    });
  },
});
