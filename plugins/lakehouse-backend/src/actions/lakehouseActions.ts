import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { z as zv3 } from 'zod/v3';
import {
  jobParamsSchema,
  jobsQueryParamsSchema,
} from '@internal/plugin-lakehouse-common';
import type { JobHistory } from '../jobs/JobHistory';
import type { JobControls } from '../jobs/JobControls';
import type { JobService } from '../jobs/JobService';
import type { SnapshotStore } from '../snapshots/SnapshotStore';
import { listJobs, readJobDetail, summarise } from '../snapshots/statusViews';
import { parseInput } from '../validation';

export interface LakehouseActionsOptions {
  store: SnapshotStore;
  jobs: JobService;
  controls: JobControls;
  history?: JobHistory;
  /** The status routes' permission check (lakehouse.status.read), applied to the caller's credentials. */
  requireStatusRead(credentials: BackstageCredentials): Promise<void>;
}

const ENGINES = ['spark', 'flink', 'ray'] as const;

/** One job, as get-job and cancel-job take it (lakehouse-common's jobParamsSchema checks it after). */
const jobRefInput = (z: typeof zv3) =>
  z.object({
    engine: z.enum(ENGINES),
    instance: z.string(),
    jobId: z.string(),
  });

/**
 * The lakehouse's actions in Backstage's actions registry (served to agents by the MCP actions backend).
 * Each runs as its caller, through the same permission checks, audit events and validation as the HTTP
 * routes: the registry's schemas describe the input to agents; the routes' own schemas then check it.
 */
export function registerLakehouseActions(
  registry: ActionsRegistryService,
  {
    store,
    jobs,
    controls,
    history,
    requireStatusRead,
  }: LakehouseActionsOptions,
) {
  registry.register({
    name: 'list-engines',
    title: 'List the engines',
    description:
      "Lists the Spark, Flink and Ray instances the portal watches: each one's cluster summary, job counts per state, when it was last polled, and its error if the last poll failed (the last good data is kept).",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          engine: z.enum(ENGINES).optional().describe('Only this engine'),
        }),
      output: z =>
        z.object({
          engines: z.array(
            z
              .object({
                engine: z.string(),
                instance: z.string(),
                fetchedAt: z.string().optional(),
                error: z
                  .object({ message: z.string() })
                  .passthrough()
                  .optional(),
                cluster: z.record(z.unknown()).optional(),
                jobCounts: z.record(z.number()).optional(),
              })
              .passthrough(),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await requireStatusRead(credentials);
      const snapshots = (await store.list()).filter(
        s => !input.engine || s.engine === input.engine,
      );
      return {
        output: {
          engines: snapshots.map(s => summarise(s)) as any,
        },
      };
    },
  });

  registry.register({
    name: 'list-jobs',
    title: 'List or search jobs',
    description:
      "Jobs of every engine, newest first unless sorted otherwise: filter by engine, instance, states (comma-separated: RUNNING,FAILED,...) and a text query on the name or id. Answers from the portal's last poll, never waiting on an engine.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          engine: z.enum(ENGINES).optional(),
          instance: z.string().optional(),
          state: z
            .string()
            .optional()
            .describe('Comma-separated states, e.g. RUNNING,FAILED'),
          q: z.string().optional().describe('Text in the job name or id'),
          limit: z.number().int().min(1).max(500).optional(),
          offset: z.number().int().min(0).optional(),
        }),
      output: z =>
        z.object({
          items: z.array(
            z
              .object({
                engine: z.string(),
                instance: z.string(),
                id: z.string(),
                name: z.string(),
                state: z.string(),
              })
              .passthrough(),
          ),
          total: z.number(),
          limit: z.number(),
          offset: z.number(),
          errors: z.array(z.object({}).passthrough()),
        }),
    },
    action: async ({ input, credentials }) => {
      await requireStatusRead(credentials);
      const query = parseInput(jobsQueryParamsSchema, input, 'input');
      return { output: (await listJobs(store, query, history)) as any };
    },
  });

  registry.register({
    name: 'get-job',
    title: 'Get a job',
    description:
      'One job in detail, read from its engine now: state, times, error, and the engine-specific detail (Spark driver and executors, Flink vertices and exceptions, Ray driver logs tail).',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: jobRefInput,
      output: z => z.object({ job: z.object({}).passthrough() }),
    },
    action: async ({ input, credentials }) => {
      await requireStatusRead(credentials);
      const { engine, instance, jobId } = parseInput(
        jobParamsSchema,
        input,
        'input',
      );
      const detail = await readJobDetail(
        store,
        { engine, instance, jobId },
        undefined,
        history,
      );
      return { output: { job: detail as any } };
    },
  });

  registry.register({
    name: 'submit-job',
    title: 'Submit a job (dry run unless asked)',
    description:
      "Submits a zipped project (base64) to a Spark, Flink or Ray instance, exactly as the portal's Create page does: the same checks, permission (lakehouse.job.submit) and audit. A dry run (the default) validates and resolves everything and submits nothing; set dryRun: false to submit.",
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z
          .object({
            engine: z.enum(ENGINES),
            instance: z.string(),
            name: z.string().describe('The job name: a DNS-1123 label'),
            entrypoint: z
              .string()
              .describe('The file to run, relative to the project root'),
            args: z.array(z.string()).optional(),
            dryRun: z.boolean().default(true),
            project: z.object({
              zipBase64: z
                .string()
                .describe('The project files, zipped, in base64'),
            }),
          })
          .passthrough(),
      output: z =>
        z.object({
          engine: z.string(),
          instance: z.string(),
          name: z.string(),
          jobId: z.string().optional(),
          dryRun: z.boolean(),
          codeLocation: z.string().optional(),
          plan: z.array(z.string()),
          links: z.array(z.object({ title: z.string(), url: z.string() })),
        }),
    },
    action: async ({ input, credentials }) => ({
      output: await jobs.submit(input, { credentials }),
    }),
  });

  registry.register({
    name: 'cancel-job',
    title: 'Cancel a job',
    description:
      "Cancels a running job on its engine (Spark kill, Flink cancel, Ray stop). Allowed to the job's submitter, the owners of its catalog entity and admins (lakehouse.job.cancel), and audited.",
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: jobRefInput,
      output: z =>
        z.object({
          engine: z.string(),
          instance: z.string(),
          jobId: z.string(),
          cancelled: z.boolean(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { engine, instance, jobId } = parseInput(
        jobParamsSchema,
        input,
        'input',
      );
      await jobs.cancel(engine, instance, jobId, { credentials });
      return { output: { engine, instance, jobId, cancelled: true } };
    },
  });

  registry.register({
    name: 'stop-job',
    title: 'Stop a Flink job with a savepoint',
    description:
      "Stops a running Flink job after writing a savepoint, and answers the savepoint's location: the job can be resumed from it with rerun-job. drain: true flushes event-time windows first (for a job not meant to resume). Allowed to the job's submitter, its entity's owners and admins (lakehouse.job.control), and audited.",
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: z =>
        jobRefInput(z).extend({
          drain: z.boolean().default(false),
        }),
      output: z =>
        z.object({
          engine: z.string(),
          instance: z.string(),
          jobId: z.string(),
          location: z.string(),
          stopped: z.boolean(),
          durationMs: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { drain, ...ref } = input;
      const job = parseInput(jobParamsSchema, ref, 'input');
      return {
        output: await controls.savepoint(job, { drain }, true, { credentials }),
      };
    },
  });

  registry.register({
    name: 'set-job-state',
    title: 'Suspend or resume a job that is a custom resource',
    description:
      "Suspends (state: suspended) or resumes (state: running) a job the portal submitted to a Kubernetes instance, as its operator defines it: a FlinkSessionJob's spec.job.state (suspending with upgradeMode savepoint, the default, or stateless), a SparkApplication's or RayJob's spec.suspend (KubeRay suspends only RayJobs that own their cluster). The operator then acts; get-job shows the result. Jobs of REST engines have no such state: use stop-job or cancel-job. Allowed to the job's submitter, its entity's owners and admins (lakehouse.job.control), and audited.",
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        jobRefInput(z).extend({
          state: z.enum(['suspended', 'running']),
          upgradeMode: z.enum(['savepoint', 'stateless']).optional(),
        }),
      output: z =>
        z.object({
          engine: z.string(),
          instance: z.string(),
          jobId: z.string(),
          kind: z.string(),
          state: z.enum(['suspended', 'running']),
          changed: z.record(z.string(), z.union([z.string(), z.boolean()])),
        }),
    },
    action: async ({ input, credentials }) => {
      const { state, upgradeMode, ...ref } = input;
      const job = parseInput(jobParamsSchema, ref, 'input');
      return {
        output: await controls.setState(
          job,
          { state, ...(upgradeMode && { upgradeMode }) },
          { credentials },
        ),
      };
    },
  });

  registry.register({
    name: 'rerun-job',
    title: 'Rerun a job',
    description:
      "Submits a job the portal submitted again, with its kept project and the same parameters, as a new job. For Flink, restoreFrom (a path from the job's restore points, e.g. the location stop-job answered) resumes it from that savepoint or retained checkpoint. Needs lakehouse.job.control on the original job; audited.",
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        jobRefInput(z).extend({
          restoreFrom: z.string().optional(),
          allowNonRestoredState: z.boolean().default(false),
        }),
      output: z =>
        z.object({
          engine: z.string(),
          instance: z.string(),
          name: z.string(),
          jobId: z.string().optional(),
          rerunOf: z.string().optional(),
          restoredFrom: z.string().optional(),
          links: z.array(z.object({ title: z.string(), url: z.string() })),
        }),
    },
    action: async ({ input, credentials }) => {
      const { restoreFrom, allowNonRestoredState, ...ref } = input;
      const job = parseInput(jobParamsSchema, ref, 'input');
      const result = await controls.rerun(
        job,
        { restoreFrom, allowNonRestoredState },
        { credentials },
      );
      return { output: result };
    },
  });
}
