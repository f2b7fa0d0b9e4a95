import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  fraudDashboardReadPermission,
  type FraudSummaryResponse,
  type SimulationState,
} from '@internal/plugin-fraud-common';
import { ReadPermissionGate } from '@internal/plugin-lakehouse-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { AlertsService } from './alerts/AlertsService';
import type { SimulationService } from './simulation/SimulationService';

const isoTime = z
  .string()
  .refine(v => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time')
  .transform(v => Date.parse(v));
const summaryQuery = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
});

export async function createRouter(options: {
  alerts: AlertsService;
  /** Undefined when fraud is not configured. */
  simulation?: SimulationService;
  /** Data older than this is refreshed when a request comes in. */
  maxAgeMs: number;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { alerts, simulation, maxAgeMs, httpAuth, permissions } = options;
  const router = Router();
  const dashboardReads = new ReadPermissionGate(
    permissions,
    fraudDashboardReadPermission,
  );

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** The dashboard for a time range (alerts whose window starts in [from, to)). */
  router.get('/summary', async (req, res) => {
    await dashboardReads.check(await httpAuth.credentials(req));
    const query = summaryQuery.safeParse(req.query);
    if (!query.success) {
      throw new InputError(
        `Invalid query: ${query.error.issues
          .map(i => `${i.path.join('.') || i.message}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const { from, to } = query.data;
    if (from !== undefined && to !== undefined && from >= to) {
      throw new InputError('Invalid query: from must be before to');
    }
    await alerts.refreshIfStale(maxAgeMs);
    const body: FraudSummaryResponse = alerts.summary({
      fromMs: from,
      toMs: to,
    });
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
