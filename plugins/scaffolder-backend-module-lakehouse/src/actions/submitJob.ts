import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';

type ActionInputSchema = NonNullable<TemplateAction['schema']>['input'];
import type { JsonObject } from '@backstage/types';
import {
  appSettingsShape,
  describeZodError,
  EngineKind,
  engineInstanceNameSchema,
  entrypointSchema,
  jobNameSchema,
  programArgSchema,
  SubmitJobResult,
} from '@internal/plugin-lakehouse-common';
import type { LakehouseJobsService } from '@internal/plugin-lakehouse-node';
import { z } from 'zod';
import { zipProject } from './zipProject';

export interface SubmitActionOptions {
  engine: EngineKind;
  /** Validates `resources` (the shared schema of lakehouse-common, with its descriptions). */
  resources: z.ZodType;
  description: string;
  examples: TemplateExample[];
  jobs: LakehouseJobsService;
}

/**
 * The one submit core behind `lakehouse:<engine>:submit`: the engines differ
 * in their resource schema only. The backend validates everything again and
 * owns the permission check and audit; this zips the workspace, submits once
 * per task (a retried task reuses the checkpointed result) and reports.
 */
export function createSubmitJobAction(options: SubmitActionOptions) {
  const { engine, jobs } = options;
  const inputSchema = z.strictObject({
    instance: engineInstanceNameSchema
      .default('local')
      .describe('Engine instance from lakehouse.engines in app-config'),
    name: jobNameSchema.describe('Job name, a DNS-1123 label'),
    projectPath: z
      .string()
      .default('.')
      .describe(
        'Folder of the workspace to submit (default: the whole workspace)',
      ),
    entrypoint: entrypointSchema
      .default('main.py')
      .describe('The .py file to run, relative to projectPath'),
    args: z
      .array(programArgSchema)
      .max(64)
      .default([])
      .describe('Program arguments'),
    resources: options.resources.optional().describe('Resources for the job'),
    requirements: appSettingsShape.requirements.describe(
      "Python requirements (pip), added to the project's own requirements.txt, e.g. pandas==2.2.3",
    ),
    env: appSettingsShape.env.describe(
      "Non-secret environment variables of the app (shown in the engines' UIs)",
    ),
    secrets: appSettingsShape.secrets.describe(
      'Secret sources from lakehouse.secrets in app-config whose variables the app receives',
    ),
  });
  const action = createTemplateAction({
    id: `lakehouse:${engine}:submit`,
    description: options.description,
    examples: options.examples,
    supportsDryRun: true,
    schema: {
      output: {
        // The template action's own zod (its argument), as createTemplateAction asks.
        jobId: zod =>
          zod.string().describe("The engine's job id ('dry-run' on a dry run)"),
        engine: zod => zod.string(),
        instance: zod => zod.string(),
        statusUrl: zod =>
          zod.string().describe("The job on the portal's status page"),
        engineUrl: zod =>
          zod.string().describe("The job in the engine's own UI"),
        codeLocation: zod =>
          zod.string().describe('Where the engine reads the code from'),
      },
    },
    async handler(ctx) {
      // The scaffolder checked the input against the schema; parsing again applies defaults and
      // gives one message format whether the template or a direct API call got it wrong.
      const parsed = inputSchema.safeParse(ctx.input);
      if (!parsed.success) {
        throw new InputError(
          `Invalid input: ${describeZodError(parsed.error)}`,
        );
      }
      const input = parsed.data;
      const dir = resolveSafeChildPath(ctx.workspacePath, input.projectPath);
      const zipBase64 = await zipProject(dir);
      const credentials = await ctx.getInitiatorCredentials();
      const request = {
        engine,
        instance: input.instance,
        name: input.name,
        entrypoint: input.entrypoint,
        args: input.args,
        ...(input.resources !== undefined && { resources: input.resources }),
        requirements: input.requirements,
        env: input.env,
        secrets: input.secrets,
        project: { zipBase64 },
      } as Parameters<LakehouseJobsService['submit']>[0];

      if (ctx.isDryRun) {
        const result = await jobs.submit(
          { ...request, dryRun: true },
          { credentials },
        );
        result.plan.forEach(step => ctx.logger.info(`[dry run] ${step}`));
        report(ctx, { ...result, jobId: 'dry-run' });
        return;
      }
      ctx.logger.info(
        `Submitting '${input.name}' (${input.entrypoint}) to ${engine} instance '${input.instance}'`,
      );
      const result = await ctx.checkpoint({
        key: `lakehouse.submit.${engine}.${input.instance}.${input.name}`,
        fn: async () =>
          (await jobs.submit(request, {
            credentials,
          })) as unknown as JsonObject,
      });
      const submitted = result as unknown as SubmitJobResult;
      submitted.plan.forEach(step => ctx.logger.info(`  ${step}`));
      ctx.logger.info(`Submitted: ${engine} job id ${submitted.jobId}`);
      report(ctx, submitted);
    },
  });
  // The input the scaffolder validates and the actions page shows is the handler's own schema, built
  // from lakehouse-common's submit rules: declared once, in one zod.
  action.schema = {
    ...action.schema,
    input: submitActionInputJsonSchema(inputSchema),
  };
  return action;
}

/** JSON Schema of an action input as the scaffolder receives it (before defaults are applied). */
export function submitActionInputJsonSchema(
  schema: z.ZodType,
): ActionInputSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-7',
  }) as ActionInputSchema;
}

function report(
  ctx: { output(name: string, value: string): void },
  result: SubmitJobResult,
) {
  const link = (prefix: string) =>
    result.links.find(l => l.title.startsWith(prefix))?.url ?? '';
  ctx.output('jobId', result.jobId ?? 'dry-run');
  ctx.output('engine', result.engine);
  ctx.output('instance', result.instance);
  ctx.output('statusUrl', link('Status'));
  ctx.output('engineUrl', link(result.engine));
  ctx.output('codeLocation', result.codeLocation ?? '');
}
