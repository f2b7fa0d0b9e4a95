import { InputError } from '@backstage/errors';
import {
  ENGINE_KINDS,
  JOB_STATES,
  JobState,
} from '@internal/plugin-lakehouse-common';
import { z } from 'zod';
import { JOB_SORT_KEYS } from './jobs/jobIndex';

const engine = z.enum(ENGINE_KINDS as [string, ...string[]]);
/** Same rule as `lakehouse.engines.*[].name` in config. */
const instance = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'must be an instance name');
/** Spark app/driver ids, Flink hex ids and Ray submission ids all fit this; anything else is refused before any engine call. */
const jobId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'must be an engine job id');

const states = z
  .string()
  .transform(value => value.split(',').map(s => s.trim().toUpperCase()))
  .refine(list => list.every(s => (JOB_STATES as string[]).includes(s)), {
    message: `must be a comma-separated list of ${JOB_STATES.join(', ')}`,
  })
  .transform(list => list as JobState[]);

export const engineParamsSchema = z.object({ engine, instance });
export const jobParamsSchema = z.object({ engine, instance, jobId });

export const jobsQuerySchema = z.strictObject({
  engine: engine.optional(),
  instance: instance.optional(),
  state: states.optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(JOB_SORT_KEYS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export type JobsQuery = z.output<typeof jobsQuerySchema>;

/** `GET /engines`: optionally one engine, and each instance's first page of jobs (what its table shows first). */
export const enginesQuerySchema = z.strictObject({
  engine: engine.optional(),
  firstJobs: z.coerce.number().int().min(1).max(100).optional(),
});

/** Parses request input; the 400 message names the offending parameter. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const message = result.error.issues
      .map(issue => {
        const name =
          issue.code === 'unrecognized_keys'
            ? issue.keys.join("', '")
            : issue.path.join('.');
        return `${what} '${name}': ${issue.message}`;
      })
      .join('; ');
    throw new InputError(`Invalid ${message}`);
  }
  return result.data;
}
