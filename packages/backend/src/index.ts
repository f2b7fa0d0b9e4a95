import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// lakehouse:{spark,flink,ray}:submit, lakehouse:job:wait, lakehouse:project:publish
backend.add(import('@internal/plugin-scaffolder-backend-module-lakehouse'));

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
// See https://backstage.io/docs/auth/guest/provider

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// The lakehouse's Iceberg tables as catalog entities (lakehouse.catalog.icebergTables).
backend.add(import('@internal/plugin-catalog-backend-module-lakehouse'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// Who may submit and cancel jobs: lakehouse.permissions.jobSubmitters (everyone when unset)
backend.add(
  import('@internal/plugin-permission-backend-module-lakehouse-policy'),
);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine
// See https://backstage.io/docs/features/search/search-engines
backend.add(import('@backstage/plugin-search-backend-module-pg'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// The lakehouse platform: live status of the Spark, Flink and Ray engines
backend.add(import('@internal/plugin-lakehouse-backend'));

// The fraud dashboard: the fraud detector's alerts table, read incrementally
backend.add(import('@internal/plugin-fraud-backend'));

// Recommendations: the recommender's model versions (an Iceberg table) and which one is served
// (promoted.json, written on promotion and rollback, decided on the serving app's catalog entity)
backend.add(import('@internal/plugin-recommender-backend'));

// A backend that cannot start exits (Backstage only logs it), so its pod restarts instead of
// sitting unready; the log names what failed, e.g. a missing config key.
backend.start().catch(error => {
  console.error(error);
  process.exit(1);
});
