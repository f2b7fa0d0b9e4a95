import type { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  jobParamsSchema,
  type JobStateResponse,
  type RestorePointsResponse,
  type SavepointResponse,
  type SubmitJobResult,
} from '@internal/plugin-lakehouse-common';
import express, { type Request, type Router } from 'express';
import { parseInput } from '../validation';
import type { JobControls } from './JobControls';

/**
 * `/jobs/:engine/:instance/:jobId/{savepoints,stop,restore-points,state,rerun}`: the job controls beyond
 * cancel. Mutations are decided and audited in {@link JobControls}; restore points are status.
 */
export function addJobControlRoutes(
  router: Router,
  options: {
    controls: JobControls;
    httpAuth: HttpAuthService;
    requireStatusRead(req: Request): Promise<void>;
  },
) {
  const { controls, httpAuth, requireStatusRead } = options;
  // Small bodies: flags and a savepoint path.
  const json = express.json({ limit: '8kb' });
  const job = (req: Request) =>
    parseInput(jobParamsSchema, req.params, 'path parameter');
  const ctx = async (req: Request) => ({
    credentials: await httpAuth.credentials(req),
    request: req,
  });

  router.post(
    '/jobs/:engine/:instance/:jobId/savepoints',
    json,
    async (req, res) => {
      const body: SavepointResponse = await controls.savepoint(
        job(req),
        req.body,
        false,
        await ctx(req),
      );
      res.status(201).json(body);
    },
  );

  router.post('/jobs/:engine/:instance/:jobId/stop', json, async (req, res) => {
    const body: SavepointResponse = await controls.savepoint(
      job(req),
      req.body,
      true,
      await ctx(req),
    );
    res.json(body);
  });

  router.get(
    '/jobs/:engine/:instance/:jobId/restore-points',
    async (req, res) => {
      await requireStatusRead(req);
      const body: RestorePointsResponse = await controls.restorePoints(
        job(req),
      );
      res.json(body);
    },
  );

  router.post(
    '/jobs/:engine/:instance/:jobId/state',
    json,
    async (req, res) => {
      const body: JobStateResponse = await controls.setState(
        job(req),
        req.body,
        await ctx(req),
      );
      res.json(body);
    },
  );

  router.post(
    '/jobs/:engine/:instance/:jobId/rerun',
    json,
    async (req, res) => {
      const body: SubmitJobResult = await controls.rerun(
        job(req),
        req.body,
        await ctx(req),
      );
      res.status(201).json(body);
    },
  );
}
