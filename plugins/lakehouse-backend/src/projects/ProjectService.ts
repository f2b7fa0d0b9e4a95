import { InputError } from '@backstage/errors';
import {
  describeZodError,
  jobNameSchema,
  lakehouseJobSubmitPermission,
  type PublishedProject,
} from '@internal/plugin-lakehouse-common';
import type { AuditedActions, CallContext } from '../jobs/AuditedActions';
import { ProjectArchive } from '../staging/ProjectArchive';
import type { S3ProjectStore } from '../staging/S3ProjectStore';

/**
 * Keeps generated projects (with their catalog-info.yaml) in the object store, for the catalog to
 * read and users to download; allowed to those who may submit jobs, and audited.
 */
export class ProjectService {
  constructor(
    private readonly options: {
      audited: AuditedActions;
      /** Undefined without lakehouse.staging: publishing then says how to enable it. */
      store?: S3ProjectStore;
    },
  ) {}

  async publish(
    name: string,
    body: unknown,
    ctx: CallContext,
  ): Promise<PublishedProject> {
    return this.options.audited.run(
      {
        eventId: 'project-publish',
        severityLevel: 'low',
        permission: lakehouseJobSubmitPermission,
        meta: { name },
      },
      ctx,
      async () => {
        const published = await this.#publish(name, body);
        return { result: published, meta: { location: published.location } };
      },
    );
  }

  async #publish(name: string, body: unknown): Promise<PublishedProject> {
    const parsedName = jobNameSchema.safeParse(name);
    if (!parsedName.success) {
      throw new InputError(
        `Invalid project name: ${describeZodError(parsedName.error)}`,
      );
    }
    if (!this.options.store) {
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
    return this.options.store.publish(name, archive);
  }
}
