import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { LAKEHOUSE_ENGINE_ANNOTATION } from '@internal/plugin-lakehouse-common';
import {
  readIcebergTablesConfig,
  readLineageConfig,
  readLongRunningJobsConfig,
} from './config';
import { IcebergTableEntityProvider } from './IcebergTableEntityProvider';
import { LineageProcessor } from './lineage/LineageProcessor';
import {
  isProvidedBy,
  jobClaimOf,
  LongRunningJobEntityProvider,
} from './LongRunningJobEntityProvider';
import { ICEBERG_TABLE_ANNOTATION } from './tableEntity';

/**
 * The lakehouse's Iceberg tables (`lakehouse.catalog.icebergTables`) and the engines' long-running
 * jobs (`lakehouse.catalog.longRunningJobs`) in the catalog, and lineage as `dependsOn` relations
 * (`lakehouse.catalog.lineage`, on by default).
 * @public
 */
export const catalogModuleLakehouse = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'lakehouse',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        processing: catalogProcessingExtensionPoint,
      },
      async init({
        config,
        logger,
        scheduler,
        auth,
        discovery,
        catalog,
        processing,
      }) {
        const lineage = readLineageConfig(config);
        if (lineage) {
          processing.addProcessor(
            new LineageProcessor({
              config: lineage,
              logger,
              discovery,
              auth,
              catalog,
            }),
          );
        }

        const jobs = readLongRunningJobsConfig(config);
        if (jobs) {
          // Every entity that names an engine: the ones claiming a job, and this provider's own.
          const jobEntities = async () => {
            const { items } = await catalog.getEntities(
              {
                filter: {
                  [`metadata.annotations.${LAKEHOUSE_ENGINE_ANNOTATION}`]:
                    CATALOG_FILTER_EXISTS,
                },
              },
              { credentials: await auth.getOwnServiceCredentials() },
            );
            return { items, baseUrl: await discovery.getBaseUrl('lakehouse') };
          };
          const provider = new LongRunningJobEntityProvider({
            config: jobs,
            logger,
            discovery,
            auth,
            claims: async () => {
              const { items, baseUrl } = await jobEntities();
              return items
                .filter(e => !isProvidedBy(e, baseUrl))
                .flatMap(e => jobClaimOf(e) ?? []);
            },
            previousEntities: async () => {
              const { items, baseUrl } = await jobEntities();
              return items.filter(e => isProvidedBy(e, baseUrl));
            },
          });
          processing.addEntityProvider(provider);
          await scheduler.scheduleTask({
            id: 'lakehouse-long-running-jobs',
            frequency: { milliseconds: jobs.frequencyMs },
            timeout: { minutes: 5 },
            fn: async () => {
              const result = await provider.refresh();
              if (result.applied) {
                logger.info(`Long-running jobs: ${result.jobs} in the catalog`);
              }
            },
          });
        } else {
          logger.info(
            'lakehouse.catalog.longRunningJobs is not configured: no long-running jobs are discovered',
          );
        }

        const tables = readIcebergTablesConfig(config);
        if (!tables) {
          logger.info(
            'lakehouse.catalog.icebergTables is not configured: no Iceberg tables are discovered',
          );
          return;
        }
        const provider = new IcebergTableEntityProvider({
          config: tables,
          logger,
          // Tables a hand-written entity stands for (lakehouse.io/iceberg-table) are not given twice.
          claimedTables: async () => {
            const { items } = await catalog.getEntities(
              {
                filter: {
                  [`metadata.annotations.${ICEBERG_TABLE_ANNOTATION}`]:
                    CATALOG_FILTER_EXISTS,
                },
                fields: ['kind', 'metadata', 'spec.type'],
              },
              { credentials: await auth.getOwnServiceCredentials() },
            );
            return new Set(
              items
                .filter(
                  e =>
                    !e.metadata.annotations?.[
                      'backstage.io/managed-by-location'
                    ]?.startsWith(`url:${tables.catalogUri}/`),
                )
                .map(e => e.metadata.annotations![ICEBERG_TABLE_ANNOTATION]),
            );
          },
        });
        processing.addEntityProvider(provider);
        await scheduler.scheduleTask({
          id: 'lakehouse-iceberg-tables',
          frequency: { milliseconds: tables.frequencyMs },
          timeout: { minutes: 10 },
          fn: async () => {
            const started = Date.now();
            const result = await provider.refresh();
            if (!provider.lastError) {
              logger.info(
                `Iceberg tables: ${result.tables} in the catalog, ${
                  result.added
                } added or changed, ${result.removed} removed, in ${
                  Date.now() - started
                } ms`,
              );
            }
          },
        });
      },
    });
  },
});
