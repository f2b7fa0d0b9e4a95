import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { describeZodError } from '@internal/plugin-lakehouse-common';
import { CachedPermissionGate } from '@internal/plugin-lakehouse-node';
import {
  recommendationsQuerySchema,
  recommenderModelReadPermission,
  usersQuerySchema,
  type ModelVersionsResponse,
  type RecommendationsResponse,
  type ServeHealthResponse,
  type UsersResponse,
} from '@internal/plugin-recommender-common';
import express from 'express';
import Router from 'express-promise-router';
import type { ZodType } from 'zod';
import type { PromotionService } from './promotion/PromotionService';
import type { RayServe } from './serve/RayServe';
import { serveHealth } from './serve/serveHealth';
import type { TryItService } from './tryit/TryItService';
import type { ModelVersionsService } from './versions/ModelVersionsService';

/** A promotion's body is `{ versionId }`: anything near this size is not one. */
const MAX_BODY = '16kb';

export interface RecommenderServices {
  versions: ModelVersionsService;
  promotions: PromotionService;
  /** Versions older than this are read again when a request comes in. */
  maxAgeMs: number;
  /** The catalog entity promotions are decided on. */
  servingEntity: string;
  serve: RayServe;
  tryIt: TryItService;
}

/** The query as the route takes it, or a 400 saying what is wrong with it. */
function parseQuery<T>(
  schema: ZodType<T>,
  query: express.Request['query'],
  what: string,
): T {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new InputError(`Invalid ${what}: ${describeZodError(parsed.error)}`);
  }
  return parsed.data;
}

export async function createRouter(options: {
  /** Undefined when `recommender` is not configured: every route but /health says so. */
  services?: RecommenderServices;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { services, httpAuth, permissions } = options;
  const router = Router();
  const reads = new CachedPermissionGate(
    permissions,
    recommenderModelReadPermission,
  );
  const configured = (): RecommenderServices => {
    if (!services) {
      throw new ServiceUnavailableError(
        'The recommender is not configured: set recommender.catalogUri (and its object store) in app-config',
      );
    }
    return services;
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** The model versions, newest first, and which one is promoted. */
  router.get('/versions', async (req, res) => {
    await reads.check(await httpAuth.credentials(req));
    const { versions, promotions, maxAgeMs, servingEntity } = configured();
    await versions.refreshIfStale(maxAgeMs);
    const promoted = await promotions.read();
    const body: ModelVersionsResponse = {
      ...versions.snapshot(),
      promoted: promoted.state,
      servingEntity,
      ...(promoted.error !== undefined && { promotedError: promoted.error }),
    };
    res.json(body);
  });

  /** The Serve application's health: Ray Serve's view and the service's own; failures as data. */
  router.get('/serve', async (req, res) => {
    await reads.check(await httpAuth.credentials(req));
    const { serve } = configured();
    const body: ServeHealthResponse = await serveHealth(serve);
    res.json(body);
  });

  /** Users to try recommendations for: `?q=` in the id or name, at most `limit` (default 20, max 100). */
  router.get('/users', async (req, res) => {
    await reads.check(await httpAuth.credentials(req));
    const { tryIt } = configured();
    const query = parseQuery(usersQuerySchema, req.query, 'users query');
    const body: UsersResponse = await tryIt.users(query);
    res.json(body);
  });

  /** A user's recommendations from the Serve application, with product names and the user's latest events. */
  router.get('/recommendations', async (req, res) => {
    await reads.check(await httpAuth.credentials(req));
    const { tryIt } = configured();
    const query = parseQuery(
      recommendationsQuerySchema,
      req.query,
      'recommendations query',
    );
    const body: RecommendationsResponse = await tryIt.recommendations(query);
    res.json(body);
  });

  const json = express.json({ limit: MAX_BODY });

  /** Promotes `{ versionId }` for the serving app; answers the new promotion state. */
  router.post('/promote', json, async (req, res) => {
    const { promotions } = configured();
    const credentials = await httpAuth.credentials(req);
    res.json(await promotions.promote(req.body, { credentials, request: req }));
  });

  /** Back to the version promoted before the current one; answers the new promotion state. */
  router.post('/rollback', json, async (req, res) => {
    const { promotions } = configured();
    const credentials = await httpAuth.credentials(req);
    // express.json leaves {} for a request without a body.
    res.json(
      await promotions.rollback(req.body, { credentials, request: req }),
    );
  });

  return router;
}
