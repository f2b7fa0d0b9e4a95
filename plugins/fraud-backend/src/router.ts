import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type {
  FraudSummaryResponse,
  SimulationState,
} from '@internal/plugin-fraud-common';
import type { CachedPermissionGate } from '@internal/plugin-lakehouse-node';
import express from 'express';
import Router from 'express-promise-router';
import type { AlertsService } from './alerts/AlertsService';
import { readSummary } from './alerts/readSummary';
import type { SimulationService } from './simulation/SimulationService';

export async function createRouter(options: {
  alerts: AlertsService;
  /** Undefined when fraud is not configured. */
  simulation?: SimulationService;
  /** Data older than this is refreshed when a request comes in. */
  maxAgeMs: number;
  httpAuth: HttpAuthService;
  /** fraud.dashboard.read, shared with the actions. */
  dashboardReads: CachedPermissionGate;
}): Promise<express.Router> {
  const { alerts, simulation, maxAgeMs, httpAuth, dashboardReads } = options;
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** The dashboard for a time range (alerts whose window starts in [from, to)). */
  router.get('/summary', async (req, res) => {
    await dashboardReads.check(await httpAuth.credentials(req));
    const body: FraudSummaryResponse = await readSummary(
      alerts,
      maxAgeMs,
      req.query,
      'query',
    );
    res.json(body);
  });

  const json = express.json({ limit: '4kb' });
  const simulationService = () => {
    if (!simulation) {
      throw new ServiceUnavailableError(
        'The simulation is not configured: set fraud.* (and optionally fraud.simulation.*) in app-config',
      );
    }
    return simulation;
  };

  /** The clickstream simulator: what it does now, and whether the caller may shape it. */
  router.get('/simulation', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    await dashboardReads.check(credentials);
    const body: SimulationState = await simulationService().state(credentials);
    res.json(body);
  });

  /** Start, stop or reshape the live simulator run: `{ running?, rate?, fraudPerMinute? }`. */
  router.post('/simulation', json, async (req, res) => {
    // Any principal: a service is refused inside the audited action, so its denial is audited too.
    const credentials = await httpAuth.credentials(req);
    const body: SimulationState = await simulationService().control(req.body, {
      credentials,
      request: req,
    });
    res.json(body);
  });

  return router;
}
