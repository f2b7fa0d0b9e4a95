import type {
  AuthService,
  BackstageCredentials,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  LAKEHOUSE_ENGINE_ANNOTATION,
  LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION,
  LAKEHOUSE_JOB_ID_ANNOTATION,
  LAKEHOUSE_JOB_NAME_ANNOTATION,
  parseLakehouseJobResourceRef,
  submitJobRequestSchema,
  type SubmitJobRequest,
} from '@internal/plugin-lakehouse-common';
import type { LakehouseJobResource } from '@internal/plugin-lakehouse-node';

const TABLE = 'lakehouse_job_submissions';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

export interface JobSubmissionRecord {
  engine: string;
  instance: string;
  jobId: string;
  name: string;
  submittedBy: string;
  /** What a rerun submits again: the validated request (secrets by name only) and the kept zip. */
  recipe?: { request: SubmitJobRequest; zipKey?: string };
  /** The job this one reran. */
  rerunOf?: string;
}

export interface SubmissionRecipe {
  request: SubmitJobRequest;
  /** The project zip's key in the staging store. */
  zipKey: string;
}

/**
 * Who owns a job, for the job-ownership permission rule: the user who submitted it (kept in the
 * plugin's database, so every replica and every restart agrees) and the owners of the catalog
 * entities that claim it by annotation (how jobs started outside the portal, like the fraud
 * detector, get owners).
 */
export class JobOwnership {
  private constructor(
    private readonly db: Knex,
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      /** The job's name as the engine reports it, for jobs the portal did not submit. */
      jobName(
        engine: string,
        instance: string,
        jobId: string,
      ): Promise<string | undefined>;
    },
  ) {}

  static async create(
    database: DatabaseService,
    deps: JobOwnership['deps'],
  ): Promise<JobOwnership> {
    const db = await database.getClient();
    if (!(await db.schema.hasTable(TABLE))) {
      await db.schema.createTable(TABLE, table => {
        table.string('engine', 16).notNullable();
        table.string('instance', 64).notNullable();
        table.string('job_id', 128).notNullable();
        table.string('name', 128).notNullable();
        table.string('submitted_by', 255).notNullable();
        table.timestamp('submitted_at').notNullable();
        table.primary(['engine', 'instance', 'job_id']);
      });
    }
    // Added with reruns: older rows have no recipe and cannot be rerun.
    if (!(await db.schema.hasColumn(TABLE, 'request'))) {
      await db.schema.alterTable(TABLE, table => {
        table.text('request').nullable();
        table.string('zip_key', 1024).nullable();
        table.string('rerun_of', 255).nullable();
      });
    }
    return new JobOwnership(db, deps);
  }

  async recordSubmission(record: JobSubmissionRecord): Promise<void> {
    await this.db(TABLE)
      .insert({
        engine: record.engine,
        instance: record.instance,
        job_id: record.jobId,
        name: record.name,
        submitted_by: record.submittedBy,
        submitted_at: new Date(),
        request: record.recipe ? JSON.stringify(record.recipe.request) : null,
        zip_key: record.recipe?.zipKey ?? null,
        rerun_of: record.rerunOf ?? null,
      })
      .onConflict(['engine', 'instance', 'job_id'])
      .merge();
  }

  /** Who submitted the job through the portal, and with what (for the kept history's detail). */
  async submission(
    engine: string,
    instance: string,
    jobId: string,
  ): Promise<{ submittedBy: string; request?: SubmitJobRequest } | undefined> {
    const row = await this.db(TABLE)
      .where({ engine, instance, job_id: jobId })
      .first();
    if (!row) return undefined;
    const request = row.request
      ? submitJobRequestSchema.safeParse(JSON.parse(row.request))
      : undefined;
    return {
      submittedBy: row.submitted_by,
      ...(request?.success && { request: request.data }),
    };
  }

  /** What a rerun of the job needs, or why it cannot be rerun. */
  async recipeOf(
    engine: string,
    instance: string,
    jobId: string,
  ): Promise<SubmissionRecipe | string> {
    const row = await this.db(TABLE)
      .where({ engine, instance, job_id: jobId })
      .first();
    if (!row) {
      return `${engine} job ${jobId} was not submitted through the portal: there is no kept project to rerun`;
    }
    if (!row.request) {
      return `${engine} job ${jobId} was submitted before the portal kept projects for reruns: submit it again from its project`;
    }
    if (!row.zip_key) {
      return `The project of ${engine} job ${jobId} was not kept: there was no staging store (lakehouse.staging in app-config) when it was submitted`;
    }
    // Checked again: the row outlives schema changes, and a rerun must submit what a submit accepts.
    const request = submitJobRequestSchema.safeParse(JSON.parse(row.request));
    if (!request.success) {
      return `The kept request of ${engine} job ${jobId} is no longer valid (${request.error.issues[0]?.message}): submit it again from its project`;
    }
    return { request: request.data, zipKey: row.zip_key };
  }

  /** The permission framework's resource loader: one answer per ref, undefined for what is not a job. */
  async getResources(
    refs: string[],
  ): Promise<Array<LakehouseJobResource | undefined>> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const entitiesOf = new Map<string, Promise<Entity[]>>();
    return Promise.all(
      refs.map(async ref => {
        const job = parseLakehouseJobResourceRef(ref);
        if (!job) return undefined;
        const row = await this.db(TABLE)
          .where({
            engine: job.engine,
            instance: job.instance,
            job_id: job.jobId,
          })
          .first();
        const name =
          row?.name ??
          (await this.deps.jobName(job.engine, job.instance, job.jobId));
        if (!entitiesOf.has(job.engine)) {
          entitiesOf.set(
            job.engine,
            this.entitiesRunning(job.engine, credentials),
          );
        }
        const entities = (await entitiesOf.get(job.engine)!).filter(e =>
          claims(e, job.instance, job.jobId, name),
        );
        return {
          ...job,
          submittedBy: row?.submitted_by,
          ownerRefs: [...new Set(entities.flatMap(ownersOf))],
        };
      }),
    );
  }

  private async entitiesRunning(
    engine: string,
    credentials: BackstageCredentials,
  ) {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${LAKEHOUSE_ENGINE_ANNOTATION}`]: engine,
        },
        fields: ['kind', 'metadata', 'spec.owner', 'relations'],
      },
      { credentials },
    );
    return items;
  }
}

function claims(
  entity: Entity,
  instance: string,
  jobId: string,
  name?: string,
) {
  const a = entity.metadata.annotations ?? {};
  const onInstance =
    !a[LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION] ||
    a[LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION] === instance;
  return (
    onInstance &&
    (a[LAKEHOUSE_JOB_ID_ANNOTATION] === jobId ||
      (name !== undefined && a[LAKEHOUSE_JOB_NAME_ANNOTATION] === name))
  );
}

function ownersOf(entity: Entity): string[] {
  const related = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef);
  if (related.length) return related;
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string') return [];
  try {
    return [
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ),
    ];
  } catch {
    return [];
  }
}
