import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  describeZodError,
  jobNameSchema,
} from '@internal/plugin-lakehouse-common';
import type { LakehouseJobsService } from '@internal/plugin-lakehouse-node';
import { zipProject } from './zipProject';

/**
 * `lakehouse:project:publish`: keeps the generated project in the portal's
 * object store when there is no git host, so `catalog:register` has a URL to
 * read and the user a zip to download.
 * @public
 */
export function createPublishProjectAction(options: {
  jobs: LakehouseJobsService;
}) {
  return createTemplateAction({
    id: 'lakehouse:project:publish',
    description:
      "Keeps the generated project in the portal's object store (no git host needed): outputs the catalog-info.yaml URL for catalog:register and a download link",
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Project name, a DNS-1123 label'),
        projectPath: z =>
          z
            .string()
            .optional()
            .describe('Folder of the workspace (default: all of it)'),
      },
      output: {
        catalogInfoUrl: z => z.string(),
        downloadUrl: z => z.string(),
        location: z => z.string(),
      },
    },
    async handler(ctx) {
      const name = jobNameSchema.safeParse(ctx.input.name);
      if (!name.success) {
        throw new InputError(`Invalid name: ${describeZodError(name.error)}`);
      }
      const dir = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.projectPath ?? '.',
      );
      const zipBase64 = await zipProject(dir);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `[dry run] would keep ${name.data} in the portal's object store`,
        );
        ctx.output('catalogInfoUrl', `dry-run:${name.data}/catalog-info.yaml`);
        ctx.output('downloadUrl', '');
        ctx.output('location', '');
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const published = await ctx.checkpoint({
        key: `lakehouse.project.publish.${name.data}`,
        fn: async () => ({
          ...(await options.jobs.publishProject(
            name.data,
            { zipBase64 },
            { credentials },
          )),
        }),
      });
      ctx.logger.info(`Kept the project in ${published.location}`);
      ctx.output('catalogInfoUrl', published.catalogInfoUrl);
      ctx.output('downloadUrl', published.downloadUrl);
      ctx.output('location', published.location);
    },
  });
}
