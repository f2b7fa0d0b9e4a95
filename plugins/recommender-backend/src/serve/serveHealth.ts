import type {
  ServeError,
  ServeHealthResponse,
} from '@internal/plugin-recommender-common';
import type { RayServe, ServeApplication } from './RayServe';

/**
 * `GET /serve`: the application's state from Ray Serve's REST API and what the service says it
 * serves, asked at the same time. A source that is not configured, does not answer, or answers
 * something else becomes an entry of `errors`; the rest of the answer stands.
 */
export async function serveHealth(
  serve: RayServe,
  now: () => Date = () => new Date(),
): Promise<ServeHealthResponse> {
  const { dashboardUrl, url, application } = serve.config;
  const errors: ServeError[] = [];
  const [app, served] = await Promise.all([
    dashboardUrl
      ? serve.application().catch((e: Error) => {
          errors.push({ source: 'ray-serve-api', message: e.message });
          return null;
        })
      : null,
    url
      ? serve.served().catch((e: Error) => {
          errors.push({ source: 'service', message: e.message });
          return null;
        })
      : null,
  ]);
  if (dashboardUrl && app === undefined) {
    errors.push({
      source: 'ray-serve-api',
      message: `Ray Serve runs no application '${application}': deploy apps/recommender-serving (./portal start does it locally; a RayService on Kubernetes)`,
    });
  }
  if (!dashboardUrl && url) {
    errors.push({
      source: 'ray-serve-api',
      message:
        'recommender.serve.dashboardUrl is not set: the application and replica states are unknown',
    });
  }
  if (dashboardUrl && !url) {
    errors.push({
      source: 'service',
      message:
        'recommender.serve.url is not set: the version the service loaded is unknown',
    });
  }
  // Ray Serve's order of the sources does not matter to the reader; keep it stable.
  errors.sort((a, b) => a.source.localeCompare(b.source));
  const known: ServeApplication | null = app ?? null;
  return {
    configured: Boolean(dashboardUrl || url),
    application,
    status: known?.status ?? null,
    message: known?.message ?? null,
    lastDeployedAt: known?.lastDeployedAt ?? null,
    deployments: known?.deployments ?? [],
    served,
    errors,
    checkedAt: now().toISOString(),
  };
}
