import type {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  describeZodError,
  EngineKind,
  jobNameSchema,
  lakehouseJobCancelPermission,
  lakehouseJobSubmitPermission,
  submitJobRequestSchema,
  SubmitJobResult,
} from '@internal/plugin-lakehouse-common';
import type { Request } from 'express';
import { randomBytes } from 'node:crypto';
import type { EngineInstance } from '../config';
import { SubmitError } from '../engines/submitErrors';
import type { JobSubmitter } from '../engines/types';
import { ProjectArchive } from '../staging/ProjectArchive';
import type {
  PublishedProject,
  S3ProjectStore,
} from '../staging/S3ProjectStore';

export interface JobServiceOptions {
  instances: EngineInstance[];
  /** The instance's submitter, or why it cannot take submissions (e.g. no staging store). */
  submitterOf(instance: EngineInstance): JobSubmitter | string;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  /** The portal's frontend, for links to the status page. */
  appBaseUrl: string;
  /** Where generated projects without a git host are kept; undefined without lakehouse.staging. */
  projects?: S3ProjectStore;
}

interface CallContext {
  credentials: BackstageCredentials;
  request?: Request;
}

/**
 * Submitting and cancelling jobs: the one place that checks the permission,
 * writes the audit event and validates before any engine is called, for the
 * router and (through it) the scaffolder actions alike.
 */
export class JobService {
  constructor(private readonly options: JobServiceOptions) {}

  async submit(body: unknown, ctx: CallContext): Promise<SubmitJobResult> {
    await this.authorize(lakehouseJobSubmitPermission, ctx.credentials);
    const { project, ...rest } = (body ?? {}) as Record<string, unknown>;
    const parsed = submitJobRequestSchema.safeParse(rest);
    const meta = {
      engine: String(rest.engine ?? ''),
      instance: String(rest.instance ?? ''),
      name: String(rest.name ?? ''),
      dryRun: rest.dryRun === true,
    };
    const event = await this.options.auditor.createEvent({
      eventId: 'job-submit',
      severityLevel: meta.dryRun ? 'low' : 'medium',
      request: ctx.request,
      meta,
    });
    try {
      if (!parsed.success) {
        throw new InputError(
          `Invalid job submission: ${describeZodError(parsed.error)}`,
        );
      }
      const request = parsed.data;
      const submitter = this.submitterFor(request.engine, request.instance);
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
      const plan = submitter.plan(request);
      const base = {
        engine: request.engine,
        instance: request.instance,
        name: request.name,
      };
      if (request.dryRun) {
        await event.success({ meta: { plan } });
        return { ...base, dryRun: true, plan, links: [] };
      }
      const submissionId = `${Date.now().toString(36)}-${randomBytes(
        4,
      ).toString('hex')}`;
      const { jobId, codeLocation } = await submitter.submit({
        request,
        project: archive,
        submissionId,
      });
      this.options.logger.info(
        `Submitted ${request.engine}/${request.instance} job '${request.name}' as ${jobId}`,
      );
      await event.success({ meta: { jobId, codeLocation } });
      return {
        ...base,
        jobId,
        dryRun: false,
        codeLocation,
        plan,
        links: this.links(request.engine, request.instance, jobId, submitter),
      };
    } catch (e) {
      await event.fail({ error: e as Error });
      throw toApiError(e);
    }
  }

  async cancel(
    engine: EngineKind,
    instance: string,
    jobId: string,
    ctx: CallContext,
  ): Promise<void> {
    await this.authorize(lakehouseJobCancelPermission, ctx.credentials);
    const event = await this.options.auditor.createEvent({
      eventId: 'job-cancel',
      severityLevel: 'medium',
      request: ctx.request,
      meta: { engine, instance, jobId },
    });
    try {
      await this.submitterFor(engine, instance).cancel(jobId);
      await event.success();
    } catch (e) {
      await event.fail({ error: e as Error });
      throw toApiError(e);
    }
  }

  /** Keeps a generated project in the object store for the catalog to read and users to download. */
  async publishProject(
    name: string,
    body: unknown,
    ctx: CallContext,
  ): Promise<PublishedProject> {
    await this.authorize(lakehouseJobSubmitPermission, ctx.credentials);
    const event = await this.options.auditor.createEvent({
      eventId: 'project-publish',
      severityLevel: 'low',
      request: ctx.request,
      meta: { name },
    });
    try {
      const parsedName = jobNameSchema.safeParse(name);
      if (!parsedName.success) {
        throw new InputError(
          `Invalid project name: ${describeZodError(parsedName.error)}`,
        );
      }
      if (!this.options.projects) {
        throw new InputError(
          'Projects cannot be kept by the portal: configure lakehouse.staging (an S3 bucket) in app-config, or publish to a git host',
        );
      }
      const zipBase64 = (body as { project?: { zipBase64?: unknown } })?.project
        ?.zipBase64;
      if (typeof zipBase64 !== 'string' || !zipBase64) {
        throw new InputError('project.zipBase64 is required');
      }
      const archive = await ProjectArchive.fromBase64(
        zipBase64,
        'catalog-info.yaml',
        'catalog descriptor',
      );
      const published = await this.options.projects.publish(name, archive);
      await event.success({ meta: { location: published.location } });
      return published;
    } catch (e) {
      await event.fail({ error: e as Error });
      throw e;
    }
  }

  private submitterFor(engine: EngineKind, name: string): JobSubmitter {
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
    const query = new URLSearchParams({ instance, job: jobId });
    return [
      {
        title: 'Status in the portal',
        url: `${this.options.appBaseUrl}/data-platform/${engine}?${query}`,
      },
      { title: `${engine} UI`, url: submitter.engineUiUrl(jobId) },
    ];
  }

  private async authorize(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }
}

/** Engine refusals are the caller's to fix (400); an unreachable engine is a 503. */
function toApiError(e: unknown): Error {
  if (e instanceof SubmitError) {
    return e.unavailable
      ? new ServiceUnavailableError(e.message)
      : new InputError(e.message);
  }
  return e as Error;
}
