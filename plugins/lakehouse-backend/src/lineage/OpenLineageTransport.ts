import { randomUUID } from 'node:crypto';
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { OPENLINEAGE_EVENTS_PATH } from './lineageRoutes';

/**
 * Where and how a submitted job sends its OpenLineage events back to this backend. The token is a
 * plugin token this plugin issues to itself: it expires (an hour by default), names the `lakehouse`
 * plugin only, and as a service principal may record lineage and read, never submit or cancel
 * (the permission policy). No static secret has to be configured or handed out.
 */
export interface OpenLineageTransport {
  /** `spark.openlineage.*` properties and the driver's OPENLINEAGE__* environment for one submission. */
  forSpark(jobName: string): Promise<{
    properties: Record<string, string>;
    secretEnv: Record<string, string>;
  }>;
}

export function createOpenLineageTransport(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  /** `lakehouse.lineage.openLineage.url`: the events URL as the engines reach it. */
  url?: string;
  namespace: string;
}): OpenLineageTransport {
  const { auth, discovery, namespace } = options;
  return {
    async forSpark(jobName) {
      const url =
        options.url ??
        `${await discovery.getBaseUrl('lakehouse')}${OPENLINEAGE_EVENTS_PATH}`;
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'lakehouse',
      });
      return {
        properties: {
          'spark.extraListeners':
            'io.openlineage.spark.agent.OpenLineageSparkListener',
          'spark.openlineage.namespace': namespace,
          // Every event then names the portal's job as its root (seen with openlineage-spark 1.53 on
          // Spark 4.1), which is how the lineage store files edges under the job's entity.
          'spark.openlineage.parentJobNamespace': namespace,
          'spark.openlineage.parentJobName': jobName,
          'spark.openlineage.parentRunId': randomUUID(),
        },
        // The transport and its token through the environment of the driver (where the listener
        // runs): Spark's UI and the master list properties, not the driver's environment.
        secretEnv: {
          OPENLINEAGE__TRANSPORT__TYPE: 'http',
          OPENLINEAGE__TRANSPORT__URL: url,
          OPENLINEAGE__TRANSPORT__AUTH__TYPE: 'api_key',
          OPENLINEAGE__TRANSPORT__AUTH__API_KEY: token,
        },
      };
    },
  };
}
