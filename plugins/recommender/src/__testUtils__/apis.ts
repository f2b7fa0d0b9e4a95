import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/frontend-test-utils';
import {
  LakehouseClient,
  lakehouseApiRef,
} from '@internal/plugin-lakehouse-react';
import type {
  ModelVersion,
  ModelVersionsResponse,
  PromotionState,
} from '@internal/plugin-recommender-common';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { RecommenderClient, recommenderApiRef } from '../api';

/** Where the test app's APIs live; msw answers there. */
export const BASE = 'http://backstage.test/api';
export const REC = `${BASE}/recommender`;
export const discoveryApi = {
  getBaseUrl: async (id: string) => `${BASE}/${id}`,
};
export const fetchApi = {
  fetch: (input: any, init?: any) => fetch(input, init),
};

/** An msw server registered with the test's lifecycle. */
export function mswServer() {
  const server = setupServer();
  registerMswTestHooks(server);
  return server;
}

/** The real clients against msw, and a permission API answering `promote` for the promote permission. */
export function testApis(
  promote: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return [
    [recommenderApiRef, new RecommenderClient({ discoveryApi, fetchApi })],
    [lakehouseApiRef, new LakehouseClient({ discoveryApi, fetchApi })],
    mockApis.permission({ authorize: () => promote }),
  ] as const;
}

const T0 = Date.parse('2026-11-30T10:00:00Z');

/** A run `n` hours after T0: ready with metrics unless overridden. */
export function version(
  versionId: string,
  n: number,
  overrides: Partial<ModelVersion> = {},
): ModelVersion {
  return {
    versionId,
    createdAt: new Date(T0 + n * 3_600_000).toISOString(),
    status: 'ready',
    error: null,
    artifactUri: `s3://warehouse/models/recommender/versions/${versionId}/`,
    dataSource: 's3://warehouse/data/clickstream.json',
    dataSnapshot: 'etag=abc;size=1',
    numEvents: 10_045,
    numUsers: 198,
    numProducts: 100,
    params: { epochs: 30 },
    metrics: {
      rmse: 0.912,
      precisionAt10: 0.2 + n / 100,
      recallAt10: 0.34,
      baselinePrecisionAt10: 0.077,
      baselineRecallAt10: 0.12,
    },
    trainingSeconds: 12.5,
    rayJobId: '02000000',
    ...overrides,
  };
}

export function promotion(
  steps: [string, 'promote' | 'rollback'][],
): PromotionState {
  const last = steps[steps.length - 1][0];
  return {
    versionId: last,
    artifactPrefix: `models/recommender/versions/${last}/`,
    promotedAt: '2026-11-30T14:00:00.000Z',
    promotedBy: 'user:default/ada',
    history: steps.map(([versionId, action]) => ({
      versionId,
      action,
      promotedAt: '2026-11-30T14:00:00.000Z',
      promotedBy: 'user:default/ada',
    })),
  };
}

/** Three runs, newest first: rec-v3 ready, rec-v2 failed, rec-v1 ready and promoted. */
export function versionsAnswer(
  overrides: Partial<ModelVersionsResponse> = {},
): ModelVersionsResponse {
  return {
    table: 'recsys.model_versions',
    versions: [
      version('rec-v3', 3, {
        metrics: {
          rmse: 0.88,
          precisionAt10: 0.21,
          recallAt10: 0.36,
          baselinePrecisionAt10: 0.077,
          baselineRecallAt10: 0.12,
        },
      }),
      version('rec-v2', 2, {
        status: 'failed',
        error: 'JSONDecodeError: Expecting value: line 2 column 1 (char 53)',
        artifactUri: null,
        metrics: {
          rmse: null,
          precisionAt10: null,
          recallAt10: null,
          baselinePrecisionAt10: null,
          baselineRecallAt10: null,
        },
        trainingSeconds: 0.4,
      }),
      version('rec-v1', 1, {
        metrics: {
          rmse: 0.95,
          precisionAt10: 0.154,
          recallAt10: 0.3,
          baselinePrecisionAt10: 0.077,
          baselineRecallAt10: 0.12,
        },
      }),
    ],
    promoted: promotion([['rec-v1', 'promote']]),
    servingEntity: 'component:default/recommendation-service',
    ...overrides,
  };
}

export { serveAnswer } from '@internal/plugin-recommender-common/testUtils';

/** A backend error answer, as Backstage's error handler writes it. */
export function backendError(status: number, name: string, message: string) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/api/recommender' },
      response: { statusCode: status },
    },
    { status },
  );
}
