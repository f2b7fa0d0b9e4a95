import { InputError } from '@backstage/errors';
import {
  describeZodError,
  type EngineKind,
  lakehouseJobControlPermission,
  lakehouseJobResourceRef,
  MAX_PROJECT_ZIP_BYTES,
  rerunJobRequestSchema,
  jobStateRequestSchema,
  type JobStateResponse,
  type RestorePointsResponse,
  type SavepointResponse,
  stopJobRequestSchema,
  type SubmitJobResult,
} from '@internal/plugin-lakehouse-common';
import type {
  AuditedActions,
  CallContext,
} from '@internal/plugin-lakehouse-node';
import type { EngineInstance } from '../config';
import type { SavepointControls } from '../engines/types';
import { ProjectArchive } from '../staging/ProjectArchive';
import type { S3ProjectStager } from '../staging/S3ProjectStager';
import type { JobOwnership } from './JobOwnership';
import { toApiError, type JobService } from './JobService';

export interface JobControlsOptions {
  jobs: JobService;
  audited: AuditedActions;
  ownership: Pick<JobOwnership, 'recipeOf'>;
  /** Where kept projects are read back; absent without a staging store (no reruns then). */
  keeper?: Pick<S3ProjectStager, 'loadZip'>;
  instances: EngineInstance[];
}

type JobRef = { engine: EngineKind; instance: string; jobId: string };

/**
 * Operating a job beyond cancelling it: Flink savepoints (trigger, stop with one), the states a Flink
 * job can resume from, and reruns from the kept project, resumed from a savepoint or not. Each is
 * decided per job by `lakehouse.job.control` (its submitter, its entity's owners, admins) and audited,
 * denials included.
 */
export class JobControls {
  constructor(private readonly options: JobControlsOptions) {}

  async savepoint(
    job: JobRef,
    body: unknown,
    stop: boolean,
    ctx: CallContext,
  ): Promise<SavepointResponse> {
    return this.#audited(
      stop ? 'job-stop' : 'job-savepoint',
      job,
      ctx,
      async () => {
        const parsed = stopJobRequestSchema.safeParse(body ?? {});
        if (!parsed.success) {
          throw new InputError(
            `Invalid request: ${describeZodError(parsed.error)}`,
          );
        }
        const started = Date.now();
        const { location } = await this.#savepoints(job).savepoint(job.jobId, {
          stop,
          drain: stop && parsed.data.drain,
        });
        const result: SavepointResponse = {
          ...job,
          location,
          stopped: stop,
          durationMs: Date.now() - started,
        };
        return { result, meta: { location, drain: parsed.data.drain } };
      },
    );
  }

  /** Suspends or resumes a job that is a custom resource, as its operator defines it. */
  async setState(
    job: JobRef,
    body: unknown,
    ctx: CallContext,
  ): Promise<JobStateResponse> {
    return this.#audited('job-state', job, ctx, async () => {
      const parsed = jobStateRequestSchema.safeParse(body ?? {});
      if (!parsed.success)
        throw new InputError(
          `Invalid request: ${describeZodError(parsed.error)}`,
        );
      const states = this.options.jobs.submitterFor(
        job.engine,
        job.instance,
      ).states;
      if (!states)
        throw new InputError(
          `${job.engine} jobs of '${
            job.instance
          }' are not custom resources and cannot be suspended: cancel${
            job.engine === 'flink' ? ' or stop with a savepoint' : ''
          }, then rerun`,
        );
      const { kind, changed } = await states.setState(job.jobId, parsed.data);
      const result: JobStateResponse = {
        ...job,
        kind,
        state: parsed.data.state,
        changed,
      };
      return { result, meta: { kind, ...changed } };
    });
  }

  /** Read-only: what the resume dialog offers. */
  async restorePoints(job: JobRef): Promise<RestorePointsResponse> {
    try {
      const points = await this.#savepoints(job).restorePoints(job.jobId);
      return {
        ...job,
        points,
        ...(!points.length && {
          message:
            'Flink lists no savepoint or retained checkpoint for this job: take a savepoint (or stop with one) first. Checkpoints are kept only when the job retains them on cancellation (execution.checkpointing.externalized-checkpoint-retention) in a checkpoint directory.',
        }),
      };
    } catch (e) {
      throw toApiError(e);
    }
  }

  async rerun(
    job: JobRef,
    body: unknown,
    ctx: CallContext,
  ): Promise<SubmitJobResult> {
    return this.#audited('job-rerun', job, ctx, async () => {
      const parsed = rerunJobRequestSchema.safeParse(body ?? {});
      if (!parsed.success) {
        throw new InputError(
          `Invalid rerun: ${describeZodError(parsed.error)}`,
        );
      }
      const { restoreFrom, allowNonRestoredState } = parsed.data;
      const recipe = await this.options.ownership.recipeOf(
        job.engine,
        job.instance,
        job.jobId,
      );
      if (typeof recipe === 'string') throw new InputError(recipe);
      if (!this.options.keeper) {
        throw new InputError(
          'Reruns read the kept project from the staging store: configure lakehouse.staging in app-config',
        );
      }
      const restore = restoreFrom
        ? {
            path: await this.#checkRestorePoint(job, restoreFrom),
            allowNonRestoredState,
          }
        : undefined;
      const zip = await this.options.keeper
        .loadZip(recipe.zipKey, MAX_PROJECT_ZIP_BYTES)
        .catch(e => {
          throw new InputError((e as Error).message);
        });
      // Checked again like any upload: the store is shared with the engines.
      const archive = await ProjectArchive.fromBase64(
        zip.toString('base64'),
        recipe.request.entrypoint,
      );
      const result = await this.options.jobs.execute(
        recipe.request,
        archive,
        ctx,
        { of: job.jobId, restore },
      );
      return {
        result,
        meta: {
          newJobId: result.jobId ?? null,
          restoredFrom: restore?.path ?? null,
        },
      };
    });
  }

  /**
   * Only the job's own state: a path Flink lists for it, or a savepoint of it in the instance's
   * savepoint directory (Flink forgets finished jobs; their savepoints stay). Never any path a
   * caller names, which could read another job's state.
   */
  async #checkRestorePoint(job: JobRef, path: string): Promise<string> {
    const listed = await this.#savepoints(job)
      .restorePoints(job.jobId)
      .catch(() => []);
    if (listed.some(p => p.path === path)) return path;
    const dir = this.#instance(job).savepointDir;
    const ownSavepoint =
      dir !== undefined &&
      new RegExp(
        `^${escapeRegExp(dir)}/savepoint-${escapeRegExp(
          job.jobId.slice(0, 6),
        )}-[0-9a-f]{12}$`,
      ).test(path);
    if (ownSavepoint) return path;
    throw new InputError(
      `'${path}' is not a savepoint or retained checkpoint of ${job.engine} job ${job.jobId}: choose one of its restore points`,
    );
  }

  #savepoints(job: JobRef): SavepointControls {
    const submitter = this.options.jobs.submitterFor(job.engine, job.instance);
    if (!submitter.savepoints && submitter.states) {
      throw new InputError(
        `${job.engine} jobs of '${job.instance}' are custom resources: their operator takes the savepoint when the job is suspended (POST .../state with state suspended and upgradeMode savepoint)`,
      );
    }
    if (!submitter.savepoints) {
      throw new InputError(
        `${job.engine} jobs have no savepoints: stop them with cancel (Spark kills the driver, Ray stops the job)`,
      );
    }
    return submitter.savepoints;
  }

  #instance(job: JobRef): EngineInstance {
    return this.options.instances.find(
      i => i.engine === job.engine && i.name === job.instance,
    )!;
  }

  #audited<T>(
    eventId: string,
    job: JobRef,
    ctx: CallContext,
    action: () => Promise<{ result: T; meta?: Record<string, any> }>,
  ): Promise<T> {
    return this.options.audited.run(
      {
        eventId,
        severityLevel: 'medium',
        permission: lakehouseJobControlPermission,
        resourceRef: lakehouseJobResourceRef(job),
        meta: { ...job },
      },
      ctx,
      action,
      toApiError,
    );
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
