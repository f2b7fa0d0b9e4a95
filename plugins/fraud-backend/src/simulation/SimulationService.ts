import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  fraudSimulationControlPermission,
  simulationControlFileSchema,
  simulationControlRequestSchema,
  simulatorStatusSchema,
  type SimulationControlFile,
  type SimulationState,
  type SimulatorLiveness,
  type SimulatorStatus,
} from '@internal/plugin-fraud-common';
import { describeZodError } from '@internal/plugin-lakehouse-common';
import {
  requireUserRef,
  type AuditedActions,
  type CallContext,
  type ObjectStore,
  type StoredObject,
} from '@internal/plugin-lakehouse-node';
import type { z } from 'zod';

/** A heartbeat this much later than its interval (several of them) means the simulator is gone. */
const SILENCE_GRACE_MS = 15_000;

type Read<T> = { value: T | null; etag?: string; error?: string };

/**
 * The simulator's side of the portal: reads the status file the clickstream simulator writes every
 * interval, and writes the control file it reads (start, stop, rate, fraud rate) for the run that
 * is live. Every change goes through {@link AuditedActions} (`fraud.simulation.control` on the
 * simulator's catalog entity); a refused or invalid one writes nothing. Writes are conditional on
 * control.json being as it was read, so two changes racing cannot lose one.
 */
export class SimulationService {
  constructor(
    private readonly options: {
      store: ObjectStore;
      /** Key prefix of control.json and status.json, without slashes at either end. */
      prefix: string;
      simulatorEntity: string;
      audited: AuditedActions;
      permissions: PermissionsService;
      now?: () => number;
    },
  ) {}

  get #statusKey() {
    return `${this.options.prefix}/status.json`;
  }

  get #controlKey() {
    return `${this.options.prefix}/control.json`;
  }

  async #read<S extends z.ZodTypeAny>(
    key: string,
    schema: S,
  ): Promise<Read<z.infer<S>>> {
    const { store } = this.options;
    let object: StoredObject | undefined;
    try {
      object = await store.get(key);
    } catch (e) {
      return {
        value: null,
        error: `Could not read ${store.uri(key)}: ${(e as Error).message}`,
      };
    }
    if (!object) return { value: null };
    let json: unknown;
    try {
      json = JSON.parse(object.body.toString('utf8'));
    } catch {
      return {
        value: null,
        etag: object.etag,
        error: `${store.uri(key)} is not JSON`,
      };
    }
    const parsed = schema.safeParse(json);
    return parsed.success
      ? { value: parsed.data, etag: object.etag }
      : {
          value: null,
          etag: object.etag,
          error: `${store.uri(key)} is malformed: ${describeZodError(
            parsed.error,
          )}`,
        };
  }

  #liveness(status: SimulatorStatus | null): SimulatorLiveness {
    if (!status) return 'absent';
    if (status.state !== 'running') return 'ended';
    const now = (this.options.now ?? Date.now)();
    const silentAfter = 3 * status.intervalSeconds * 1000 + SILENCE_GRACE_MS;
    return now - Date.parse(status.heartbeatAt) > silentAfter
      ? 'silent'
      : 'live';
  }

  async #canControl(credentials: BackstageCredentials): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [
        {
          permission: fraudSimulationControlPermission,
          resourceRef: this.options.simulatorEntity,
        },
      ],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  #state(
    status: Read<SimulatorStatus>,
    control: Read<SimulationControlFile>,
    canControl: boolean,
  ): SimulationState {
    const forThisRun =
      control.value && control.value.runId === status.value?.runId
        ? control.value
        : null;
    const errors = [status.error, control.error].filter(Boolean);
    return {
      simulatorEntity: this.options.simulatorEntity,
      liveness: this.#liveness(status.value),
      status: status.value,
      control: forThisRun,
      pending:
        !!forThisRun &&
        forThisRun.revision > (status.value?.appliedRevision ?? 0),
      canControl,
      ...(errors.length ? { error: errors.join('; ') } : {}),
      statusUri: this.options.store.uri(this.#statusKey),
      fetchedAt: new Date((this.options.now ?? Date.now)()).toISOString(),
    };
  }

  /** `GET /simulation`. */
  async state(credentials: BackstageCredentials): Promise<SimulationState> {
    const [status, control, canControl] = await Promise.all([
      this.#read(this.#statusKey, simulatorStatusSchema),
      this.#read(this.#controlKey, simulationControlFileSchema),
      this.#canControl(credentials),
    ]);
    return this.#state(status, control, canControl);
  }

  /** `POST /simulation`: start, stop or reshape the live run. */
  control(body: unknown, ctx: CallContext): Promise<SimulationState> {
    const asked = simulationControlRequestSchema.safeParse(body ?? {});
    return this.options.audited.run(
      {
        eventId: 'simulation-control',
        severityLevel: 'low',
        permission: fraudSimulationControlPermission,
        resourceRef: this.options.simulatorEntity,
        meta: {
          simulatorEntity: this.options.simulatorEntity,
          request: asked.success ? asked.data : null,
        },
      },
      ctx,
      async () => {
        const by = requireUserRef(
          ctx,
          'Only users may start, stop or shape the simulation',
        );
        if (!asked.success) {
          throw new InputError(
            `Invalid simulation change: ${describeZodError(asked.error)}`,
          );
        }
        const [status, control] = await Promise.all([
          this.#read(this.#statusKey, simulatorStatusSchema),
          this.#read(this.#controlKey, simulationControlFileSchema),
        ]);
        const run = this.#liveRun(status);
        const change = asked.data;
        if (change.rate !== undefined && change.rate > run.capacity) {
          throw new InputError(
            `Invalid simulation change: rate ${change.rate} events/s is more than this simulator's capacity of ${run.capacity} (its users can send no more; start it with more --num-users)`,
          );
        }
        const previous =
          control.value?.runId === run.runId ? control.value : null;
        const next: SimulationControlFile = {
          version: 1,
          runId: run.runId,
          revision:
            Math.max(previous?.revision ?? 0, run.appliedRevision ?? 0) + 1,
          running: change.running ?? previous?.running ?? run.running,
          rate: change.rate ?? previous?.rate ?? run.rate,
          fraudPerMinute:
            change.fraudPerMinute ??
            previous?.fraudPerMinute ??
            run.fraudPerMinute,
          updatedBy: by,
          updatedAt: new Date((this.options.now ?? Date.now)()).toISOString(),
        };
        await this.options.store.put(
          this.#controlKey,
          JSON.stringify(next, null, 1),
          control.etag ? { ifMatch: control.etag } : { ifAbsent: true },
        );
        return {
          result: this.#state(status, { value: next }, true),
          meta: {
            runId: run.runId,
            revision: next.revision,
            running: next.running,
            rate: next.rate,
            fraudPerMinute: next.fraudPerMinute,
          },
        };
      },
    );
  }

  #liveRun(status: Read<SimulatorStatus>): SimulatorStatus {
    const liveness = this.#liveness(status.value);
    if (status.value && liveness === 'live') return status.value;
    const uri = this.options.store.uri(this.#statusKey);
    const how = {
      absent: status.error
        ? `its status cannot be read (${status.error})`
        : `it has never written ${uri}`,
      ended: `its last run ${status.value?.state} at ${status.value?.heartbeatAt}`,
      silent: `its heartbeat stopped at ${status.value?.heartbeatAt} (the job is gone)`,
      live: '',
    }[liveness];
    throw new ConflictError(
      `The clickstream simulator is not running: ${how}. Submit its job first (./portal start does on the local platform; in a cluster, the RayJob clickstream-simulator of k8s/), then shape it here`,
    );
  }
}
