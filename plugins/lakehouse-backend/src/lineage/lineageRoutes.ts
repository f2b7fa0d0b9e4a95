import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  lineageQuerySchema,
  type LineageEventAccepted,
  type LineageResponse,
} from '@internal/plugin-lakehouse-common';
import express, { type RequestHandler, type Router } from 'express';
import { parseInput } from '../validation';
import type { CachedPermissionGate } from '@internal/plugin-lakehouse-node';
import type { LineageStore } from './LineageStore';
import { parseOpenLineageEvent } from './openLineageEvent';

/**
 * Spark's OpenLineage events carry large facets (logical plans, schemas of wide tables): far more than
 * express's default 100 KB, so this route alone takes up to 2 MiB.
 */
export const MAX_LINEAGE_EVENT_BYTES = 2 * 1024 * 1024;

/** The path under the plugin's base URL that OpenLineage's HTTP transport posts to. */
export const OPENLINEAGE_EVENTS_PATH = '/lineage/api/v1/lineage';

export interface LineageRouteOptions {
  lineage: LineageStore;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  /** `lakehouse.lineage.write`: the engines' tokens are restricted to it alone. */
  lineageWrites: CachedPermissionGate;
  icebergCatalogNames: readonly string[];
}

/**
 * `POST /lineage/api/v1/lineage`: OpenLineage's HTTP transport with this whole URL (its Java client posts to
 * a URL with a path as it is), or with `<backend>/api/lakehouse/lineage` and endpoint `api/v1/lineage`.
 * `GET /lineage`: the recorded edges.
 */
export function addLineageRoutes(router: Router, options: LineageRouteOptions) {
  const { lineage, httpAuth, auditor, lineageWrites, icebergCatalogNames } =
    options;
  const json = express.json({ limit: MAX_LINEAGE_EVENT_BYTES });
  // body-parser's errors keep their status (400, 413); their messages say what was sent.
  const eventBody: RequestHandler = (req, res, next) =>
    json(req, res, (error?: any) => {
      if (error?.type === 'entity.parse.failed') {
        error.message = `The OpenLineage event is not JSON: ${error.message}`;
      } else if (error?.type === 'entity.too.large') {
        error.message = `The OpenLineage event is over ${MAX_LINEAGE_EVENT_BYTES} bytes (2 MiB)`;
      }
      next(error);
    });

  router.post(
    OPENLINEAGE_EVENTS_PATH,
    // Only the engines' service tokens write lineage, and a caller is checked before 2 MiB is read.
    async (req, _res, next) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      try {
        await lineageWrites.check(credentials);
      } catch (error) {
        const denied = await auditor.createEvent({
          eventId: 'lineage-event',
          severityLevel: 'medium',
          request: req,
        });
        await denied.fail({ error: error as Error });
        throw error;
      }
      next();
    },
    eventBody,
    async (req, res) => {
      const audit = await auditor.createEvent({
        eventId: 'lineage-event',
        severityLevel: 'low',
        request: req,
      });
      try {
        const { event, job, edges } = parseOpenLineageEvent(
          req.body,
          icebergCatalogNames,
        );
        const stored = await lineage.upsert(edges);
        await audit.success({
          meta: {
            eventType: event.eventType ?? null,
            runId: event.run.runId,
            job: `${job.namespace}/${job.name}`,
            edges: stored,
          },
        });
        const body: LineageEventAccepted = { edges: stored };
        res.status(201).json(body);
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    },
  );

  // Lineage is metadata, like the catalog: any signed-in user or service reads it.
  router.get('/lineage', async (req, res) => {
    await httpAuth.credentials(req);
    const query = parseInput(lineageQuerySchema, req.query, 'query parameter');
    const body: LineageResponse = { edges: await lineage.list(query) };
    res.json(body);
  });
}
