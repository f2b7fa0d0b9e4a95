import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';
import { z } from 'zod';
import { isoTime } from './isoTime';

/**
 * The catalog entity of the clickstream simulator (apps/clickstream-simulator), by default:
 * controlling it is decided on it (`fraud.simulation.entity` in app-config).
 * @public
 */
export const DEFAULT_SIMULATOR_ENTITY =
  'component:default/clickstream-simulator';

/**
 * Starting, stopping and shaping the simulated clickstream. A resource permission on the
 * simulator's catalog entity, so a policy can answer with the catalog's conditions (e.g.
 * `isEntityOwner`).
 * @public
 */
export const fraudSimulationControlPermission = createPermission({
  name: 'fraud.simulation.control',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * On a catalog entity, shows the simulation controls on its page (the simulator's own component
 * and the clickstream service it feeds); the value says why, for readers of the YAML.
 * @public
 */
export const FRAUD_SIMULATION_ANNOTATION = 'fraud.lakehouse.io/simulation';

/** At most one burst fraudster per 10-second window, as the simulator injects them. @public */
export const MAX_FRAUD_PER_MINUTE = 6;
/** An upper bound for any simulator; each run also has its own capacity (its users). @public */
export const MAX_SIMULATION_RATE = 10_000;

const rate = z
  .number()
  .finite()
  .min(0, 'rate must be at least 0 events/s')
  .max(
    MAX_SIMULATION_RATE,
    `rate must be at most ${MAX_SIMULATION_RATE} events/s`,
  );
const fraudPerMinute = z
  .number()
  .finite()
  .min(0, 'fraudPerMinute must be at least 0')
  .max(
    MAX_FRAUD_PER_MINUTE,
    `fraudPerMinute must be at most ${MAX_FRAUD_PER_MINUTE} (one burst per 10-second window)`,
  );

/**
 * `POST /simulation`: what to change (start = `running: true`, stop = `running: false`).
 * @public
 */
export const simulationControlRequestSchema = z
  .strictObject({
    running: z.boolean().optional(),
    rate: rate.optional(),
    fraudPerMinute: fraudPerMinute.optional(),
  })
  .refine(
    r =>
      r.running !== undefined ||
      r.rate !== undefined ||
      r.fraudPerMinute !== undefined,
    { message: 'say what to change: running, rate and/or fraudPerMinute' },
  );
/** @public */
export type SimulationControlRequest = z.infer<
  typeof simulationControlRequestSchema
>;

/** One injected burst, as the simulator reports it. @public */
export const simulatedBurstSchema = z.object({
  user_id: z.string(),
  window_start: z.number(),
  event_count: z.number().int().nonnegative(),
});

/**
 * `status.json`, written by the simulator every interval (its heartbeat). Unknown keys are
 * kept out (`z.object`), so a newer simulator does not break an older portal.
 * @public
 */
export const simulatorStatusSchema = z.object({
  version: z.literal(1),
  runId: z.string().min(1).max(64),
  jobId: z.string().max(256).nullable(),
  state: z.enum(['running', 'finished', 'ended', 'failed']),
  running: z.boolean(),
  rate: z.number().nonnegative(),
  fraudPerMinute: z.number().nonnegative(),
  capacity: z.number().nonnegative(),
  startedAt: isoTime,
  heartbeatAt: isoTime,
  intervalSeconds: z.number().positive(),
  endsAt: isoTime.nullable(),
  appliedRevision: z.number().int().positive().nullable(),
  controlError: z.string().max(4096).nullable(),
  eventsPerSecond: z.number().nonnegative(),
  eventsTotal: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  bursts: z.number().int().nonnegative(),
  lastBurst: simulatedBurstSchema.nullable(),
  eventsPrefix: z.string(),
});
/** @public */
export type SimulatorStatus = z.infer<typeof simulatorStatusSchema>;

/**
 * `control.json`, written by the portal for one run of the simulator (`runId`), numbered by
 * `revision` so the simulator applies each request once.
 * @public
 */
export const simulationControlFileSchema = z.strictObject({
  version: z.literal(1),
  runId: z.string().min(1).max(64),
  revision: z.number().int().positive(),
  running: z.boolean(),
  rate,
  fraudPerMinute,
  updatedBy: z.string(),
  updatedAt: isoTime,
});
/** @public */
export type SimulationControlFile = z.infer<typeof simulationControlFileSchema>;

/**
 * Whether the simulator is there to be shaped: `live` (its heartbeat is recent), `ended` (its
 * run finished, was stopped or failed, and said so), `silent` (its heartbeat stopped without a
 * word: the job died), `absent` (it never wrote a status).
 * @public
 */
export type SimulatorLiveness = 'live' | 'ended' | 'silent' | 'absent';

/**
 * `GET /simulation` (and the answer to `POST /simulation`).
 * @public
 */
export const simulationStateSchema = z.strictObject({
  simulatorEntity: z.string(),
  liveness: z.enum(['live', 'ended', 'silent', 'absent']),
  status: simulatorStatusSchema.nullable(),
  /** The portal's last request to this run; null when none (or for an earlier run). */
  control: simulationControlFileSchema.nullable(),
  /** A request the simulator has not applied yet (it reads control.json every interval). */
  pending: z.boolean(),
  /** Whether the caller may start, stop and shape it. */
  canControl: z.boolean(),
  /** Why the status or control file could not be read; the rest of the answer still holds. */
  error: z.string().optional(),
  /** Where the files are, for whoever wants to look. */
  statusUri: z.string(),
  fetchedAt: isoTime,
});
/** @public */
export type SimulationState = z.infer<typeof simulationStateSchema>;
