import { z } from 'zod';
import type { EngineKind, JobState } from '../types';
import { appSettingsShape } from './appSettings';

/**
 * A Kubernetes DNS-1123 label: the job's name becomes a pod, CR and catalog
 * entity name, so it must be valid for all three.
 * @public
 */
export const jobNameSchema = z
  .string()
  .min(1, 'is required')
  .max(63, 'must be at most 63 characters (a Kubernetes DNS-1123 label)')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit',
  );

/** The rule of `lakehouse.engines.*[].name` in app-config, for config, routes and actions alike. @public */
export const ENGINE_INSTANCE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** @public */
export const engineInstanceNameSchema = z
  .string()
  .regex(
    ENGINE_INSTANCE_NAME_PATTERN,
    'must be the name of an engine instance from lakehouse.engines (letters, digits, "-", "_")',
  );

const noParentSegments = (value: string) =>
  !value.split('/').some(segment => segment === '..');

/** A `.py` file inside the project, relative, without `..`. @public */
export const entrypointSchema = z
  .string()
  .max(255, 'must be at most 255 characters')
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_./-]*\.py$/,
    'must be a relative path to a .py file inside the project (letters, digits, "_", "-", ".", "/")',
  )
  .refine(noParentSegments, 'must not contain ".." path segments');

/**
 * One program argument. Ray runs its entrypoint through a shell, so shell
 * metacharacters and whitespace are refused for every engine rather than
 * quoted differently per engine.
 * @public
 */
export const programArgSchema = z
  .string()
  .max(1024, 'must be at most 1024 characters')
  .regex(
    /^[A-Za-z0-9_.,:=@%+/-]*$/,
    'may only contain letters, digits and _ . , : = @ % + / - (no spaces or shell metacharacters)',
  )
  .refine(noParentSegments, 'must not contain ".." path segments');

/** `512m`, `2g`: what Spark and Ray accept, bounded to what a cluster can give. */
const MEMORY_PATTERN = /^([1-9][0-9]{0,5})([mg])$/;
/** @public */
export function memoryToMiB(value: string): number {
  const match = MEMORY_PATTERN.exec(value);
  if (!match) return NaN;
  return Number(match[1]) * (match[2] === 'g' ? 1024 : 1);
}
const memorySchema = z
  .string()
  .regex(MEMORY_PATTERN, 'must be a size like 512m or 2g')
  .refine(
    v => memoryToMiB(v) >= 256 && memoryToMiB(v) <= 64 * 1024,
    'must be between 256m and 64g',
  );
const count = (what: string, min: number, max: number) =>
  z
    .number()
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max}`);

/** @public */
export const sparkResourcesSchema = z.strictObject({
  driverCores: count('driverCores', 1, 16)
    .default(1)
    .describe('Driver cores, 1-16'),
  driverMemory: memorySchema
    .default('512m')
    .describe('Driver memory, 256m-64g'),
  executorCores: count('executorCores', 1, 16)
    .default(1)
    .describe('Cores per executor, 1-16'),
  executorMemory: memorySchema
    .default('512m')
    .describe('Memory per executor, 256m-64g'),
  executors: count('executors', 1, 100).default(1).describe('Executors, 1-100'),
});

/** @public */
export const flinkResourcesSchema = z.strictObject({
  parallelism: count('parallelism', 1, 256)
    .default(1)
    .describe('Job parallelism, 1-256'),
});

/** @public */
export const rayResourcesSchema = z.strictObject({
  /** CPUs reserved for the entrypoint (driver) process. */
  entrypointCpus: z
    .number()
    .min(0, 'entrypointCpus must be at least 0')
    .max(64, 'entrypointCpus must be at most 64')
    .default(0)
    .describe('CPUs reserved for the driver, 0-64'),
  /** How many Ray tasks/actors the app fans out to; given to the app as LAKEHOUSE_WORKERS. */
  workers: count('workers', 1, 256)
    .default(1)
    .describe(
      'Parallel Ray tasks, 1-256, given to the app as LAKEHOUSE_WORKERS',
    ),
});

const common = {
  instance: engineInstanceNameSchema,
  name: jobNameSchema,
  entrypoint: entrypointSchema,
  args: z.array(programArgSchema).max(64, 'at most 64 arguments').default([]),
  /** Validate and resolve everything, submit nothing. */
  dryRun: z.boolean().default(false),
  ...appSettingsShape,
};

/**
 * What a submit request carries besides the project's code, per engine.
 * @public
 */
export const submitJobRequestSchema = z.discriminatedUnion('engine', [
  z.strictObject({
    engine: z.literal('spark'),
    ...common,
    resources: sparkResourcesSchema.default(sparkResourcesSchema.parse({})),
  }),
  z.strictObject({
    engine: z.literal('flink'),
    ...common,
    resources: flinkResourcesSchema.default(flinkResourcesSchema.parse({})),
  }),
  z.strictObject({
    engine: z.literal('ray'),
    ...common,
    resources: rayResourcesSchema.default(rayResourcesSchema.parse({})),
  }),
]);

/** @public */
export type SubmitJobRequest = z.infer<typeof submitJobRequestSchema>;
/** @public */
export type SubmitJobInput = z.input<typeof submitJobRequestSchema>;

/**
 * The project's files travel as one zip, base64 in the JSON body, capped so a
 * runaway workspace cannot fill the object store, and so the largest body the
 * backend parses stays a few MiB (each one costs its size several times over in
 * memory while it is decoded).
 * @public
 */
export const MAX_PROJECT_ZIP_BYTES = 4 * 1024 * 1024;

/**
 * The largest JSON body of a submission or publication: the zip in base64 plus
 * room for the other fields. Anything bigger is refused (413) before it is parsed.
 * @public
 */
export const MAX_PROJECT_BODY_BYTES =
  Math.ceil(MAX_PROJECT_ZIP_BYTES / 3) * 4 + 64 * 1024;

/** What a submission returns (also for a dry run, with `dryRun: true`). @public */
export interface SubmitJobResult {
  engine: EngineKind;
  instance: string;
  name: string;
  /** The engine's id (Spark driver id, Flink job id, Ray submission id); absent on a dry run. */
  jobId?: string;
  dryRun: boolean;
  /** Where the code was staged for the engine to read. */
  codeLocation?: string;
  /** Human-readable summary of what was (or would be) sent to the engine. */
  plan: string[];
  links: { title: string; url: string }[];
  /** A rerun: the job whose kept project and parameters it ran again. */
  rerunOf?: string;
  /** A Flink rerun that resumed: the savepoint or checkpoint it started from. */
  restoredFrom?: string;
}

/** The states a wait can stop at. @public */
export type WaitTarget = 'running' | 'finished';
/** @public */
export const TERMINAL_JOB_STATES: readonly JobState[] = [
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
];

/**
 * Formats the first zod issue of each field as `field: message`, so a template
 * user sees which parameter to fix.
 * @public
 */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map(i => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ');
}
