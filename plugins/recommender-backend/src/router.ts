import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { ReadPermissionGate } from '@internal/plugin-lakehouse-node';
import {
  recommenderModelReadPermission,
  type ModelVersionsResponse,
} from '@internal/plugin-recommender-common';
import express from 'express';
import Router from 'express-promise-router';
import type { PromotionService } from './promotion/PromotionService';
import type { ModelVersionsService } from './versions/ModelVersionsService';

/** A promotion's body is `{ versionId }`: anything near this size is not one. */
const MAX_BODY = '16kb';

export interface RecommenderServices {
  versions: ModelVersionsService;
  promotions: PromotionService;
  /** Versions older than this are read again when a request comes in. */
  maxAgeMs: number;
}

export async function createRouter(options: {
  /** Undefined when `recommender` is not configured: every route but /health says so. */
  services?: RecommenderServices;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { services, httpAuth, permissions } = options;
  const router = Router();
  const reads = new ReadPermissionGate(
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
    const { versions, promotions, maxAgeMs } = configured();
    await versions.refreshIfStale(maxAgeMs);
    const promoted = await promotions.read();
    const body: ModelVersionsResponse = {
      ...versions.snapshot(),
      promoted: promoted.state,
      ...(promoted.error !== undefined && { promotedError: promoted.error }),
    };
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
