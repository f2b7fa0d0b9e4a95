import type { UserInfoService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { parseAllDocuments } from 'yaml';
import {
  describeZodError,
  jobNameSchema,
  lakehouseJobSubmitPermission,
  type PublishedProject,
} from '@internal/plugin-lakehouse-common';
import type {
  AuditedActions,
  CallContext,
} from '@internal/plugin-lakehouse-node';
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
      userInfo: UserInfoService;
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
        const published = await this.#publish(name, body, ctx);
        return { result: published, meta: { location: published.location } };
      },
    );
  }

  async #publish(
    name: string,
    body: unknown,
    ctx: CallContext,
  ): Promise<PublishedProject> {
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
    const owner = ownerOf(archive);
    const current = await this.options.store.ownerOf(name);
    if (current !== undefined) {
      const { ownershipEntityRefs } = await this.options.userInfo.getUserInfo(
        ctx.credentials,
      );
      if (!ownershipEntityRefs.includes(current)) {
        throw new ConflictError(
          `A project named '${name}' is already kept for ${
            current || 'an unknown owner'
          }, which you are not part of: choose another name, or ask its owners to publish it`,
        );
      }
    }
    return this.options.store.publish(name, archive, owner);
  }
}

/** The owner its catalog-info.yaml names (the first entity with one), as a full entity ref. */
function ownerOf(archive: ProjectArchive): string {
  const file = archive.files.find(f => f.path === 'catalog-info.yaml')!;
  for (const doc of parseAllDocuments(file.content.toString('utf8'))) {
    const owner = (doc.toJS() as { spec?: { owner?: unknown } } | null)?.spec
      ?.owner;
    if (typeof owner !== 'string') continue;
    try {
      return stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      break;
    }
  }
  throw new InputError(
    "The project's catalog-info.yaml names no valid spec.owner (e.g. group:default/data-platform)",
  );
}
