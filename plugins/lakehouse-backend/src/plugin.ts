import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  lakehouseJobCancelPermission,
  lakehouseJobControlPermission,
  lakehousePermissions,
  LAKEHOUSE_JOBS_SIGNAL_CHANNEL,
  type JobsChangedSignal,
  lakehouseLineageWritePermission,
  lakehouseStatusReadPermission,
  lakehouseTableReadPermission,
} from '@internal/plugin-lakehouse-common';
import {
  AuditedActions,
  isJobOwnerRule,
  lakehouseJobPermissionResourceRef,
  CachedPermissionGate,
} from '@internal/plugin-lakehouse-node';
import { registerLakehouseActions } from './actions/lakehouseActions';
import {
  readEngineInstances,
  readHistoryRetentionMs,
  readLineageConfig,
} from './config';
import { readSecretSources } from './engines/appSettings';
import { createEngineClient } from './engines/createEngineClient';
import { createJobSubmitter } from './engines/createJobSubmitter';
import { createOpenLineageTransport } from './lineage/OpenLineageTransport';
import { CustomResourceWatch } from './engines/kubernetes/CustomResourceWatch';
import { readKubernetesInstances } from './engines/kubernetes/kubernetesConfig';
import { JobControls } from './jobs/JobControls';
import { JobHistory } from './jobs/JobHistory';
import { JobNotices } from './jobs/JobNotices';
import { JobOwnership } from './jobs/JobOwnership';
import { JobService } from './jobs/JobService';
import { ProjectService } from './projects/ProjectService';
import { createRouter } from './router';
import { PollWorkerClient } from './snapshots/PollWorkerClient';
import { inThreadSource } from './snapshots/SnapshotSource';
import { SnapshotStore } from './snapshots/SnapshotStore';
import {
  createStagingClient,
  readStagingConfig,
  S3ProjectStager,
} from './staging/S3ProjectStager';
import { S3ProjectStore } from './staging/S3ProjectStore';
import { readTablesConfig } from './tables/tablesConfig';
import { TableService } from './tables/TableService';
import { PlatformHealth } from './platform/PlatformHealth';
import { LineageStore } from './lineage/LineageStore';
import { scheduleFlinkPlanLineage } from './lineage/scheduleFlinkPlanLineage';

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
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        userInfo: coreServices.userInfo,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
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
        auditor,
        lifecycle,
        database,
        auth,
        discovery,
        catalog,
        userInfo,
        actionsRegistry,
        notifications,
        signals,
      }) {
        const rest = readEngineInstances(config);
        const instances = [...rest, ...readKubernetesInstances(config, rest)];
        logger.info(
          `Watching ${instances.length} engine instance(s): ${
            instances.map(i => `${i.engine}/${i.name}`).join(', ') || 'none'
          }`,
        );
        permissionsRegistry.addPermissions(lakehousePermissions);
        // On by default: see PollWorkerClient. Off only for tests that fake engines in-process (msw).
        const pollWorker =
          config.getOptionalBoolean('lakehouse.pollInWorkerThread') === false
            ? undefined
            : new PollWorkerClient();
        if (pollWorker) lifecycle.addShutdownHook(() => pollWorker.close());
        // Created once the ownership records exist (below); a poll before then is simply not recorded.
        // eslint-disable-next-line prefer-const -- the poll callback below reads it before it is set
        let history: JobHistory | undefined;
        const store = await SnapshotStore.create({
          instances,
          createSource: instance =>
            pollWorker
              ? pollWorker.sourceFor(instance)
              : inThreadSource(createEngineClient(instance)),
          scheduler,
          cache,
          logger,
          onPolled: async (instance, data) => {
            const changed = await history?.record(
              instance.engine,
              instance.name,
              data.jobs,
            );
            // Open pages refetch at once instead of at their next poll (they still poll without signals).
            if (changed) {
              await signals.publish<JobsChangedSignal>({
                recipients: { type: 'broadcast' },
                channel: LAKEHOUSE_JOBS_SIGNAL_CHANNEL,
                message: {
                  engine: instance.engine,
                  instance: instance.name,
                  changed,
                  polledAt: new Date().toISOString(),
                },
              });
            }
          },
        });
        for (const instance of instances) {
          if (!instance.kubernetes?.watch) continue;
          const watch = new CustomResourceWatch(
            instance,
            () => store.refreshAfterChange(instance.engine, instance.name),
            logger,
          );
          watch.start();
          lifecycle.addShutdownHook(() => watch.stop());
        }
        const lineageConfig = readLineageConfig(config);
        const openLineage = createOpenLineageTransport({
          auth,
          discovery,
          url: lineageConfig.openLineageUrl,
          namespace: lineageConfig.openLineageNamespace,
        });
        // One staging client and one submitter per instance, built here once.
        const staging = readStagingConfig(config);
        const s3 = staging && createStagingClient(staging);
        const stager = staging && s3 && new S3ProjectStager(staging, s3);
        const submitters = new Map(
          instances.map(
            i => [i, createJobSubmitter(i, stager, openLineage)] as const,
          ),
        );
        const ownership = await JobOwnership.create(database, {
          catalog,
          auth,
          jobName: async (engine, instance, jobId) =>
            (
              await store.get(engine, instance)
            )?.data?.jobs.find(j => j.id === jobId)?.name,
        });
        const appBaseUrl = (
          config.getOptionalString('app.baseUrl') ?? ''
        ).replace(/\/+$/, '');
        const notices = await JobNotices.create(database, {
          notifications,
          ownership,
          logger,
          appBaseUrl,
        });
        history = await JobHistory.create(database, {
          onTransition: transition => notices.send(transition),
          logger,
          retentionMs: readHistoryRetentionMs(config),
          readDetail: (engine, instance, jobId) =>
            store.jobDetail(engine, instance, jobId),
          ownership,
        });
        const kept = history;
        await scheduler.scheduleTask({
          id: 'lakehouse-history-prune',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          scope: 'global',
          fn: async () => {
            await kept.prune();
          },
        });
        permissionsRegistry.addResourceType({
          resourceRef: lakehouseJobPermissionResourceRef,
          permissions: [
            lakehouseJobCancelPermission,
            lakehouseJobControlPermission,
          ],
          rules: [isJobOwnerRule],
          getResources: refs => ownership.getResources(refs),
        });
        const audited = new AuditedActions({ permissions, auditor });
        const jobs = new JobService({
          instances,
          submitterOf: instance => submitters.get(instance)!,
          audited,
          logger,
          ownership,
          secretSources: readSecretSources(config),
          appBaseUrl,
          keeper: stager,
        });
        const controls = new JobControls({
          jobs,
          audited,
          ownership,
          keeper: stager,
          instances,
        });
        const projects = new ProjectService({
          audited,
          store: staging && s3 ? new S3ProjectStore(staging, s3) : undefined,
          userInfo,
        });
        // One gate for the status routes and the read actions.
        const statusReads = new CachedPermissionGate(
          permissions,
          lakehouseStatusReadPermission,
        );
        const tablesConfig = readTablesConfig(config);
        const lineage = await LineageStore.create(database);
        await scheduler.scheduleTask({
          id: 'lakehouse-lineage-prune',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          scope: 'global',
          fn: async () => {
            const pruned = await lineage.prune(
              new Date(Date.now() - lineageConfig.retentionMs),
            );
            if (pruned) {
              logger.info(
                `Lineage: forgot ${pruned} edge(s) not seen within the retention`,
              );
            }
          },
        });
        if (lineageConfig.flinkPlanEnabled) {
          await scheduleFlinkPlanLineage({
            // Kubernetes instances have no JobManager URL the backend calls.
            instances: rest.filter(i => i.engine === 'flink'),
            snapshots: store,
            lineage,
            icebergCatalogNames: lineageConfig.icebergCatalogNames,
            scheduler,
            logger,
          });
        }
        httpRouter.use(
          await createRouter({
            store,
            jobs,
            controls,
            history,
            projects,
            httpAuth,
            statusReads,
            logger,
            tables: tablesConfig && new TableService(tablesConfig),
            platformHealth: tablesConfig && new PlatformHealth(tablesConfig),
            tableReads: new CachedPermissionGate(
              permissions,
              lakehouseTableReadPermission,
            ),
            audited,
            auditor,
            catalog,
            lineage,
            lineageWrites: new CachedPermissionGate(
              permissions,
              lakehouseLineageWritePermission,
            ),
            icebergCatalogNames: lineageConfig.icebergCatalogNames,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        registerLakehouseActions(actionsRegistry, {
          store,
          jobs,
          controls,
          history,
          requireStatusRead: credentials => statusReads.check(credentials),
        });
      },
    });
  },
});
