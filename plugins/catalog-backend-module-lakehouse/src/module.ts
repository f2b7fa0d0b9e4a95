import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { readIcebergTablesConfig } from './config';
import { IcebergTableEntityProvider } from './IcebergTableEntityProvider';
import { ICEBERG_TABLE_ANNOTATION } from './tableEntity';

/**
 * The lakehouse's Iceberg tables in the catalog (`lakehouse.catalog.icebergTables`).
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
        catalog: catalogServiceRef,
        processing: catalogProcessingExtensionPoint,
      },
      async init({ config, logger, scheduler, auth, catalog, processing }) {
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
