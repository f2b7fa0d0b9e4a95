/**
 * Test helpers of the recommender plugins.
 *
 * @packageDocumentation
 */

import type { ServeHealthResponse } from './serving';

/**
 * `GET /serve` of a healthy Serve application serving rec-v1 (one replica), changed by `overrides`.
 * @public
 */
export function serveAnswer(
  overrides: Partial<ServeHealthResponse> = {},
): ServeHealthResponse {
  return {
    configured: true,
    application: 'recommender',
    status: 'RUNNING',
    message: null,
    lastDeployedAt: '2026-11-30T15:20:59.344Z',
    deployments: [
      {
        name: 'Recommender',
        status: 'HEALTHY',
        message: null,
        replicas: { running: 1, total: 1, target: 1, byState: { RUNNING: 1 } },
      },
    ],
    served: {
      versionId: 'rec-v1',
      loadedAt: '2026-11-30T15:21:00.667331+00:00',
      checkedAt: '2026-11-30T15:25:01.133487+00:00',
      error: null,
      users: 198,
      products: 100,
    },
    errors: [],
    checkedAt: '2026-11-30T15:25:02.000Z',
    ...overrides,
  };
}
