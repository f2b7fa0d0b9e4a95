import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ANNOTATION_LOCATION, type Entity } from '@backstage/catalog-model';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  LAKEHOUSE_ENGINE_ANNOTATION,
  LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION,
  LAKEHOUSE_JOB_ID_ANNOTATION,
  LAKEHOUSE_JOB_NAME_ANNOTATION,
  LAKEHOUSE_SERVE_APPLICATION_ANNOTATION,
  engineSnapshotSchema,
  enginesResponseSchema,
  type EngineKind,
  type EngineSnapshot,
  type EnginesResponse,
  type JobSummary,
  type ServiceSummary,
} from '@internal/plugin-lakehouse-common';
import type { LongRunningJobsConfig } from './config';
import { isLongRunning, jobEntity, jobEntityName, jobFacts } from './jobEntity';
import { lakehouseGet, type ResponseSchema } from './lakehouseBackend';
import { isServing, serviceEntity, serviceEntityName } from './serviceEntity';

/** An instance's snapshot lists every job its engine keeps (Flink: an hour of finished ones by default). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * What an entity that is not this provider's says it stands for: `lakehouse.io/engine`, and
 * `lakehouse.io/job-name` or `lakehouse.io/job-id` (without `lakehouse.io/engine-instance`: on
 * the engine's first configured instance), or `lakehouse.io/serve-application` (without an
 * instance: on any, as one application is deployed to each cluster that serves it).
 */
export interface JobClaim {
  engine: string;
  instance?: string;
  jobName?: string;
  jobId?: string;
  serveApplication?: string;
}

/** The claim an entity makes by its annotations, if any. */
export function jobClaimOf(entity: Entity): JobClaim | undefined {
  const a = entity.metadata.annotations ?? {};
  const engine = a[LAKEHOUSE_ENGINE_ANNOTATION]?.trim().toLowerCase();
  const jobName = a[LAKEHOUSE_JOB_NAME_ANNOTATION]?.trim() || undefined;
  const jobId = a[LAKEHOUSE_JOB_ID_ANNOTATION]?.trim() || undefined;
  const serveApplication =
    a[LAKEHOUSE_SERVE_APPLICATION_ANNOTATION]?.trim() || undefined;
  if (!engine || (!jobName && !jobId && !serveApplication)) return undefined;
  return {
    engine,
    instance: a[LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION]?.trim() || undefined,
    jobName,
    jobId,
    ...(serveApplication && { serveApplication }),
  };
}

/** An engine instance the backend lists, with its snapshot when its jobs are known now. */
interface InstanceJobs {
  engine: EngineKind;
  instance: string;
  snapshot?: EngineSnapshot;
}

const key = (engine: string, instance: string) => `${engine}/${instance}`;

/**
 * The engines' long-running jobs (Flink streaming jobs and SparkApplications that have not ended:
 * see `isLongRunning`) and Ray Serve applications (of Ray clusters and RayServices) as `Component`
 * entities, read from the lakehouse backend, which polls every configured engine. What an entity
 * claims by annotation (`lakehouse.io/engine` + `lakehouse.io/job-name`, `-job-id` or
 * `-serve-application`, as catalog-info.yaml files and the templates' skeletons write) is left
 * out: no duplicates.
 *
 * Every refresh is a full mutation. An engine instance whose state is not known (the backend is
 * down or answers garbage, or its last poll of the engine failed, or has not happened yet) keeps the
 * entities last given for it; the error is logged and `lastError` says why. After a restart, the
 * entities kept are those the catalog holds from this provider, so a source that is down never
 * empties the catalog.
 */
export class LongRunningJobEntityProvider implements EntityProvider {
  #connection?: EntityProviderConnection;
  /** engine/instance -> the entities last given for it. */
  #byInstance?: Map<string, Entity[]>;
  /** The JSON of the entities of the last mutation. */
  #applied?: string;
  lastError?: string;

  constructor(
    private readonly options: {
      config: LongRunningJobsConfig;
      logger: LoggerService;
      discovery: Pick<DiscoveryService, 'getBaseUrl'>;
      auth: Pick<
        AuthService,
        'getOwnServiceCredentials' | 'getPluginRequestToken'
      >;
      /** What entities that are not this provider's claim. */
      claims?: () => Promise<JobClaim[]>;
      /** The entities this provider gave before a restart (read once, when an instance is not known at the first refresh). */
      previousEntities?: () => Promise<Entity[]>;
    },
  ) {}

  getProviderName(): string {
    return 'lakehouse-long-running-jobs';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
  }

  /** One read of the lakehouse backend, applied as a full mutation when something changed. */
  async refresh(): Promise<{ jobs: number; applied: boolean }> {
    if (!this.#connection) throw new Error('not connected to the catalog yet');
    const { logger } = this.options;
    const errors: string[] = [];
    let baseUrl: string;
    let snapshots: InstanceJobs[];
    let claims: JobClaim[];
    try {
      baseUrl = await this.options.discovery.getBaseUrl('lakehouse');
      claims = (await this.options.claims?.()) ?? [];
      // Every engine: Kubernetes instances of each hold custom resources, Ray ones Serve applications.
      const engines = await this.#get(
        baseUrl,
        '/engines',
        enginesResponseSchema,
      );
      snapshots = await this.#instances(baseUrl, engines, errors);
    } catch (e) {
      return this.#failed(
        `Reading the engines' jobs from the lakehouse backend failed: ${
          (e as Error).message
        }; the jobs already in the catalog are kept`,
      );
    }

    const previous = this.#byInstance ?? (await this.#previous(snapshots));
    if (!previous) {
      return this.#failed(
        `${errors.join('; ')}; nothing was changed in the catalog`,
      );
    }
    // Listed in config order: the first is the one a claim without an instance means.
    const firstInstance = new Map<string, string>();
    for (const { engine, instance } of snapshots) {
      if (!firstInstance.has(engine)) firstInstance.set(engine, instance);
    }
    const claimed = (job: JobSummary) =>
      claims.some(
        c =>
          c.engine === job.engine &&
          (c.instance ?? firstInstance.get(job.engine)) === job.instance &&
          (c.jobName === job.name || c.jobId === job.id),
      );
    const serviceClaimed = (
      engine: EngineKind,
      instance: string,
      service: ServiceSummary,
    ) =>
      claims.some(
        c =>
          c.engine === engine &&
          (c.instance ?? instance) === instance &&
          c.serveApplication === service.name,
      );

    const next = new Map<string, Entity[]>();
    for (const { engine, instance, snapshot } of snapshots) {
      const k = key(engine, instance);
      if (!snapshot) {
        next.set(k, previous.get(k) ?? []);
        continue;
      }
      const known = new Set((previous.get(k) ?? []).map(e => e.metadata.name));
      const jobs = snapshot.data!.jobs.filter(j =>
        isLongRunning(j, f => known.has(jobEntityName(jobFacts(f, instance)))),
      );
      const entities = new Map<string, Entity>();
      // One entity per job name (a name the engine ran again is the same job) or per resource;
      // claimed when an entity claims any of its runs.
      const claimedNames = new Set(
        jobs.filter(claimed).map(j => jobEntityName(jobFacts(j, instance))),
      );
      for (const job of jobs) {
        const facts = jobFacts(job, instance);
        const name = jobEntityName(facts);
        if (!claimedNames.has(name) && !entities.has(name)) {
          entities.set(name, jobEntity(facts, this.options.config, baseUrl));
        }
      }
      // Two RayServices can serve applications of one name: one entity, as for jobs.
      for (const service of snapshot.data!.services ?? []) {
        const facts = { engine, instance, name: service.name };
        const name = serviceEntityName(facts);
        if (
          isServing(service) &&
          !serviceClaimed(engine, instance, service) &&
          !entities.has(name)
        ) {
          entities.set(
            name,
            serviceEntity(facts, this.options.config, baseUrl),
          );
        }
      }
      next.set(
        k,
        [...entities.keys()].sort().map(name => entities.get(name)!),
      );
    }

    this.#byInstance = next;
    const entities = [...next.values()].flat();
    if (errors.length) {
      this.lastError = `${errors.join(
        '; ',
      )}; the jobs already in the catalog for those instances are kept`;
      logger.warn(this.lastError);
    } else {
      this.lastError = undefined;
    }
    const json = JSON.stringify(entities);
    if (json === this.#applied)
      return { jobs: entities.length, applied: false };
    await this.#connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    this.#applied = json;
    return { jobs: entities.length, applied: true };
  }

  #failed(message: string) {
    this.lastError = message;
    this.options.logger.warn(message);
    return {
      jobs: [...(this.#byInstance?.values() ?? [])].flat().length,
      applied: false,
    };
  }

  /**
   * Each listed instance with its snapshot, or without one when its jobs are not known now (the
   * reason goes to `errors`).
   */
  async #instances(
    baseUrl: string,
    engines: EnginesResponse,
    errors: string[],
  ): Promise<InstanceJobs[]> {
    return Promise.all(
      engines.items.map(async ({ engine, instance, error, fetchedAt }) => {
        const what = `${engine} instance '${instance}'`;
        if (error) {
          errors.push(`${what}: its last poll failed (${error.message})`);
          return { engine, instance };
        }
        if (!fetchedAt) {
          errors.push(`${what}: not polled yet`);
          return { engine, instance };
        }
        try {
          const snapshot = await this.#get(
            baseUrl,
            `/engines/${encodeURIComponent(engine)}/${encodeURIComponent(
              instance,
            )}`,
            engineSnapshotSchema,
          );
          if (snapshot.error || !snapshot.data) {
            errors.push(
              `${what}: ${
                snapshot.error
                  ? `its last poll failed (${snapshot.error.message})`
                  : 'not polled yet'
              }`,
            );
            return { engine, instance };
          }
          return { engine, instance, snapshot };
        } catch (e) {
          errors.push(`${what}: ${(e as Error).message}`);
          return { engine, instance };
        }
      }),
    );
  }

  /**
   * What the provider gave before it started, per instance, when some instance's jobs are not
   * known now (else nothing is needed from before). Undefined when that cannot be read.
   */
  async #previous(
    snapshots: InstanceJobs[],
  ): Promise<Map<string, Entity[]> | undefined> {
    const byInstance = new Map<string, Entity[]>();
    if (snapshots.every(s => s.snapshot) || !this.options.previousEntities) {
      return byInstance;
    }
    let entities: Entity[];
    try {
      entities = await this.options.previousEntities();
    } catch (e) {
      this.options.logger.warn(
        `Reading this provider's entities from the catalog failed: ${
          (e as Error).message
        }`,
      );
      return undefined;
    }
    for (const entity of entities) {
      const a = entity.metadata.annotations ?? {};
      const k = key(
        a[LAKEHOUSE_ENGINE_ANNOTATION],
        a[LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION],
      );
      byInstance.set(k, [...(byInstance.get(k) ?? []), asGiven(entity)]);
    }
    return byInstance;
  }

  /** GET of a lakehouse backend route as this plugin, bounded in time and size, checked against its schema. */
  #get<T>(
    baseUrl: string,
    path: string,
    schema: ResponseSchema<T>,
  ): Promise<T> {
    return lakehouseGet(
      {
        auth: this.options.auth,
        timeoutMs: this.options.config.timeoutMs,
        maxBytes: MAX_ANSWER_BYTES,
      },
      baseUrl,
      path,
      schema,
    );
  }
}

/** The entity as this provider gave it, without what the catalog added. */
function asGiven(entity: Entity): Entity {
  const { apiVersion, kind, metadata, spec } = entity;
  const { name, namespace, title, description, tags, annotations } = metadata;
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      ...(namespace && namespace !== 'default' && { namespace }),
      ...(title && { title }),
      ...(description && { description }),
      ...(tags && { tags }),
      annotations: annotations ?? {},
    },
    ...(spec && { spec }),
  };
}

/** This provider's entities: their location is the lakehouse backend's job list or an instance's snapshot. */
export function isProvidedBy(entity: Entity, baseUrl: string): boolean {
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? '';
  return [`url:${baseUrl}/jobs?`, `url:${baseUrl}/engines/`].some(prefix =>
    location.startsWith(prefix),
  );
}
