import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  describeZodError,
  EngineKind,
  lakehouseJobCancelPermission,
  lakehouseJobResourceRef,
  lakehouseJobSubmitPermission,
  submitJobRequestSchema,
  type SubmitJobRequest,
  SubmitJobResult,
} from '@internal/plugin-lakehouse-common';
import { randomBytes } from 'node:crypto';
import type { EngineInstance } from '../config';
import { resolveAppSettings, type SecretSource } from '../engines/appSettings';
import { SubmitError } from '../engines/submitErrors';
import type { JobSubmitter, SubmissionContext } from '../engines/types';
import { ProjectArchive } from '../staging/ProjectArchive';
import type { S3ProjectStager } from '../staging/S3ProjectStager';
import type {
  AuditedActions,
  CallContext,
} from '@internal/plugin-lakehouse-node';
import type { JobOwnership } from './JobOwnership';
import { statusPageUrl } from './statusPageUrl';

export interface JobServiceOptions {
  instances: EngineInstance[];
  /** The instance's submitter, or why it cannot take submissions (e.g. no staging store). */
  submitterOf(instance: EngineInstance): JobSubmitter | string;
  audited: AuditedActions;
  logger: LoggerService;
  /** The portal's frontend, for links to the status page. */
  appBaseUrl: string;
  /** Remembers who submitted each job (for the job-ownership permission rule) and how (for reruns). */
  ownership: Pick<JobOwnership, 'recordSubmission'>;
  /** Keeps the zips of engines that stage none (Ray), for reruns; absent without a staging store. */
  keeper?: Pick<S3ProjectStager, 'keepZip'>;
  /** `lakehouse.secrets`: what a request may name in `secrets`. */
  secretSources: Map<string, SecretSource>;
}

/** Unique per submission: names its staging folder (and its custom resource, from the last 8 hex). */
const newSubmissionId = () =>
  `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

const withUrl = (title: string, url: string | undefined) =>
  url ? [{ title, url }] : [];

/**
 * Submitting and cancelling jobs, through {@link AuditedActions} (permission and audit) and validated
 * before any engine is called, for the router and (through it) the scaffolder actions alike.
 */
export class JobService {
  constructor(private readonly options: JobServiceOptions) {}

  async submit(body: unknown, ctx: CallContext): Promise<SubmitJobResult> {
    const { project, ...rest } = (body ?? {}) as Record<string, unknown>;
    const dryRun = rest.dryRun === true;
    return this.options.audited.run(
      {
        eventId: 'job-submit',
        severityLevel: dryRun ? 'low' : 'medium',
        permission: lakehouseJobSubmitPermission,
        meta: {
          engine: String(rest.engine ?? ''),
          instance: String(rest.instance ?? ''),
          name: String(rest.name ?? ''),
          dryRun,
        },
      },
      ctx,
      () => this.#submit(rest, project, ctx),
      toApiError,
    );
  }

  async #submit(
    rest: Record<string, unknown>,
    project: unknown,
    ctx: CallContext,
  ) {
    const parsed = submitJobRequestSchema.safeParse(rest);
    if (!parsed.success) {
      throw new InputError(
        `Invalid job submission: ${describeZodError(parsed.error)}`,
      );
    }
    const request = parsed.data;
    // An unknown instance is said before a missing project.
    this.submitterFor(request.engine, request.instance);
    const zipBase64 = (project as { zipBase64?: unknown })?.zipBase64;
    if (typeof zipBase64 !== 'string' || !zipBase64) {
      throw new InputError(
        'project.zipBase64 is required: the zipped project to run',
      );
    }
    const archive = await ProjectArchive.fromBase64(
      zipBase64,
      request.entrypoint,
    );
    if (request.dryRun) {
      const {
        submitter,
        settings,
        plan: planned,
      } = this.#prepare(request, archive);
      const checked = await submitter.dryRun?.({
        request,
        project: archive,
        submissionId: newSubmissionId(),
        settings,
      });
      const plan = [...planned, ...(checked ?? [])];
      const result: SubmitJobResult = {
        engine: request.engine,
        instance: request.instance,
        name: request.name,
        dryRun: true,
        plan,
        links: [],
      };
      return { result, meta: { plan } };
    }
    const result = await this.execute(request, archive, ctx);
    return {
      result,
      meta: { jobId: result.jobId, codeLocation: result.codeLocation },
    };
  }

  /**
   * Submits a checked request and project for real, and records who submitted it and how (for the
   * ownership rule and reruns). Callers have checked the permission and audit the call.
   */
  async execute(
    request: SubmitJobRequest,
    archive: ProjectArchive,
    ctx: CallContext,
    rerun?: { of: string; restore?: SubmissionContext['restore'] },
  ): Promise<SubmitJobResult> {
    const { submitter, settings, plan } = this.#prepare(request, archive);
    const base = {
      engine: request.engine,
      instance: request.instance,
      name: request.name,
    };
    const submissionId = newSubmissionId();
    const { jobId, codeLocation, keptZipKey } = await submitter.submit({
      request,
      project: archive,
      submissionId,
      settings,
      restore: rerun?.restore,
    });
    this.options.logger.info(
      `Submitted ${request.engine}/${request.instance} job '${
        request.name
      }' as ${jobId}${rerun ? ` (a rerun of ${rerun.of})` : ''}`,
    );
    const principal = ctx.credentials.principal as { userEntityRef?: string };
    if (principal.userEntityRef) {
      // The job runs either way; without the record only its entity's owners and admins may act on it,
      // and it cannot be rerun.
      await this.#record(request, archive, {
        jobId,
        submissionId,
        keptZipKey,
        submittedBy: principal.userEntityRef,
        rerunOf: rerun?.of,
      }).catch(e =>
        this.options.logger.error(
          `Could not record who submitted ${request.engine}/${request.instance} job ${jobId}: ${e}`,
        ),
      );
    }
    return {
      ...base,
      jobId,
      dryRun: false,
      codeLocation,
      plan,
      links: this.links(request.engine, request.instance, jobId, submitter),
      ...(rerun && { rerunOf: rerun.of }),
      ...(rerun?.restore && { restoredFrom: rerun.restore.path }),
    };
  }

  /** The instance's submitter, the request's resolved settings, and what will be sent (a dry run's answer). */
  #prepare(request: SubmitJobRequest, archive: ProjectArchive) {
    const submitter = this.submitterFor(request.engine, request.instance);
    const settings = resolveAppSettings(
      request,
      archive,
      this.options.secretSources,
    );
    return { submitter, settings, plan: submitter.plan(request, settings) };
  }

  async #record(
    request: SubmitJobRequest,
    archive: ProjectArchive,
    run: {
      jobId: string;
      submissionId: string;
      keptZipKey?: string;
      submittedBy: string;
      rerunOf?: string;
    },
  ) {
    const zipKey =
      run.keptZipKey ??
      (await this.options.keeper?.keepZip(
        request.name,
        run.submissionId,
        archive.zip,
      ));
    await this.options.ownership.recordSubmission({
      engine: request.engine,
      instance: request.instance,
      jobId: run.jobId,
      name: request.name,
      submittedBy: run.submittedBy,
      rerunOf: run.rerunOf,
      recipe: { request: { ...request, dryRun: false }, zipKey },
    });
  }

  async cancel(
    engine: EngineKind,
    instance: string,
    jobId: string,
    ctx: CallContext,
  ): Promise<void> {
    await this.options.audited.run(
      {
        eventId: 'job-cancel',
        severityLevel: 'medium',
        permission: lakehouseJobCancelPermission,
        resourceRef: lakehouseJobResourceRef({ engine, instance, jobId }),
        meta: { engine, instance, jobId },
      },
      ctx,
      async () => ({
        result: await this.submitterFor(engine, instance).cancel(jobId),
      }),
      toApiError,
    );
  }

  submitterFor(engine: EngineKind, name: string): JobSubmitter {
    const instance = this.options.instances.find(
      i => i.engine === engine && i.name === name,
    );
    if (!instance) {
      const known = this.options.instances
        .filter(i => i.engine === engine)
        .map(i => i.name);
      throw new InputError(
        `Unknown ${engine} instance '${name}'; configured: ${
          known.join(', ') || 'none'
        } (lakehouse.engines.${engine} in app-config)`,
      );
    }
    const submitter = this.options.submitterOf(instance);
    if (typeof submitter === 'string') throw new InputError(submitter);
    return submitter;
  }

  private links(
    engine: EngineKind,
    instance: string,
    jobId: string,
    submitter: JobSubmitter,
  ) {
    return [
      {
        title: 'Status in the portal',
        url: statusPageUrl(this.options.appBaseUrl, {
          engine,
          instance,
          jobId,
        }),
      },
      ...withUrl(`${engine} UI`, submitter.engineUiUrl(jobId)),
    ];
  }
}

/** Engine refusals are the caller's to fix (400); an unreachable engine is a 503. */
export function toApiError(e: unknown): Error {
  if (e instanceof SubmitError) {
    return e.unavailable
      ? new ServiceUnavailableError(e.message)
      : new InputError(e.message);
  }
  return e as Error;
}
