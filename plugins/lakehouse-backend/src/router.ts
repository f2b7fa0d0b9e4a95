import type {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  engineParamsSchema,
  enginesQueryParamsSchema,
  jobParamsSchema,
  jobsQueryParamsSchema,
  MAX_PROJECT_BODY_BYTES,
  type CancelJobResponse,
  type EngineSnapshot,
  type EnginesResponse,
  type JobDetailResponse,
  type JobsPage,
  type PublishedProject,
  type SubmitJobResult,
} from '@internal/plugin-lakehouse-common';
import type { CachedPermissionGate } from '@internal/plugin-lakehouse-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { addJobControlRoutes } from './jobs/controlRoutes';
import { addLineageRoutes } from './lineage/lineageRoutes';
import type { LineageStore } from './lineage/LineageStore';
import type { JobControls } from './jobs/JobControls';
import type { JobHistory } from './jobs/JobHistory';
import type { JobService } from './jobs/JobService';
import type { ProjectService } from './projects/ProjectService';
import type { SnapshotStore } from './snapshots/SnapshotStore';
import { listJobs, readJobDetail, summarise } from './snapshots/statusViews';
import { addTableRoutes, type TableRouteOptions } from './tables/tableRoutes';
import { parseInput } from './validation';

export interface RouterOptions extends Omit<TableRouteOptions, 'httpAuth'> {
  store: SnapshotStore;
  jobs: JobService;
  controls: JobControls;
  /** Jobs the engines forgot, as the portal kept them. */
  history?: JobHistory;
  projects: ProjectService;
  httpAuth: HttpAuthService;
  /** `lakehouse.status.read`, shared with the actions registry's read actions. */
  statusReads: CachedPermissionGate;
  logger: LoggerService;
  lineage: LineageStore;
  /** `lakehouse.lineage.write`, for the OpenLineage route. */
  lineageWrites: CachedPermissionGate;
  /** `lakehouse.lineage.icebergCatalogNames`. */
  icebergCatalogNames: readonly string[];
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    store,
    jobs,
    controls,
    history,
    projects,
    httpAuth,
    statusReads,
    logger,
  } = options;
  const router = Router();

  /** Every status route: authenticated by the default auth policy, then this permission. */
  async function requireStatusRead(req: Request) {
    await statusReads.check(await httpAuth.credentials(req));
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Status routes answer from the snapshot store only; they never wait on an engine.
  router.get('/engines', async (req, res) => {
    await requireStatusRead(req);
    // Most requests (every viewer's poll) have no query: skip the parse then.
    const { engine, firstJobs } =
      Object.keys(req.query).length === 0
        ? {}
        : parseInput(enginesQueryParamsSchema, req.query, 'query parameter');
    const snapshots = (await store.list()).filter(
      s => !engine || s.engine === engine,
    );
    const body: EnginesResponse = {
      items: snapshots.map(s => summarise(s, firstJobs)),
    };
    res.json(body);
  });

  router.get('/engines/:engine/:instance', async (req, res) => {
    await requireStatusRead(req);
    const { engine, instance } = parseInput(
      engineParamsSchema,
      req.params,
      'path parameter',
    );
    const snapshot = await store.get(engine, instance);
    if (!snapshot) {
      throw new NotFoundError(
        `No ${engine} instance '${instance}' is configured`,
      );
    }
    const body: EngineSnapshot = snapshot;
    res.json(body);
  });

  router.get('/jobs', async (req, res) => {
    await requireStatusRead(req);
    const query = parseInput(
      jobsQueryParamsSchema,
      req.query,
      'query parameter',
    );
    const body: JobsPage = await listJobs(store, query, history);
    res.json(body);
  });

  // Details are not polled: this one reads the engine, bounded by the instance's timeout.
  router.get('/jobs/:engine/:instance/:jobId', async (req, res) => {
    await requireStatusRead(req);
    const { engine, instance, jobId } = parseInput(
      jobParamsSchema,
      req.params,
      'path parameter',
    );
    const detail: JobDetailResponse = await readJobDetail(
      store,
      { engine, instance, jobId },
      logger,
      history,
    );
    res.json(detail);
  });

  // Mutations: the job service checks the permission and audits; the body carries the zipped project.
  const jsonBody = express.json({ limit: MAX_PROJECT_BODY_BYTES });

  router.post('/jobs/:engine/:instance', jsonBody, async (req, res) => {
    const { engine, instance } = parseInput(
      engineParamsSchema,
      req.params,
      'path parameter',
    );
    const result: SubmitJobResult = await jobs.submit(
      { ...(req.body ?? {}), engine, instance },
      { credentials: await httpAuth.credentials(req), request: req },
    );
    res.status(result.dryRun ? 200 : 201).json(result);
  });

  router.post('/projects/:name', jsonBody, async (req, res) => {
    const published: PublishedProject = await projects.publish(
      req.params.name,
      req.body,
      {
        credentials: await httpAuth.credentials(req),
        request: req,
      },
    );
    res.status(201).json(published);
  });

  router.post('/jobs/:engine/:instance/:jobId/cancel', async (req, res) => {
    const { engine, instance, jobId } = parseInput(
      jobParamsSchema,
      req.params,
      'path parameter',
    );
    await jobs.cancel(engine, instance, jobId, {
      credentials: await httpAuth.credentials(req),
      request: req,
    });
    const body: CancelJobResponse = {
      engine,
      instance,
      jobId,
      cancelled: true,
    };
    res.status(202).json(body);
  });

  addJobControlRoutes(router, { controls, httpAuth, requireStatusRead });
  addTableRoutes(router, { ...options, httpAuth });
  addLineageRoutes(router, options);

  return router;
}
