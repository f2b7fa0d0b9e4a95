import type {
  JobState,
  JobSummary,
  ResourceUsage,
} from '@internal/plugin-lakehouse-common';
import { z } from 'zod';
import { EngineFetchError } from './http';

/** Raw engine state (upper case) to the normalised state; anything unlisted is UNKNOWN. */
export type StateTable = Readonly<Record<string, JobState>>;

export function normaliseState(
  table: StateTable,
  raw: string | null | undefined,
): JobState {
  return (raw && table[raw.toUpperCase()]) || 'UNKNOWN';
}

/** Engines report epoch milliseconds, as numbers or strings, with 0 or -1 for "not yet". */
export function epochMsToIso(
  value: number | string | null | undefined,
): string | undefined {
  const ms = typeof value === 'string' ? Number(value) : value;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0
    ? new Date(ms).toISOString()
    : undefined;
}

export const MIB = 1024 * 1024;

export function usage(used: number, total: number): ResourceUsage {
  return { used, total };
}

/** Builds a JobSummary; the duration is derived from the times unless the engine gives one. */
export function jobSummary(
  job: Omit<JobSummary, 'durationMs'> & { durationMs?: number },
): JobSummary {
  const { startTime, endTime } = job;
  const derived =
    startTime && endTime
      ? Date.parse(endTime) - Date.parse(startTime)
      : undefined;
  const durationMs = job.durationMs ?? derived;
  const result: JobSummary = { ...job };
  for (const key of ['startTime', 'endTime'] as const) {
    if (result[key] === undefined) delete result[key];
  }
  if (durationMs !== undefined && durationMs >= 0)
    result.durationMs = durationMs;
  else delete result.durationMs;
  return result;
}

/**
 * Checks an engine answer against the fields the mappers read. Engines add
 * fields between versions, so unknown keys pass; missing or mistyped ones are
 * a `malformed` engine error naming the path.
 */
export function parseEngineJson<S extends z.ZodType>(
  schema: S,
  value: unknown,
  url: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new EngineFetchError({
      kind: 'malformed',
      message: `${url} answered unexpected JSON at '${
        issue?.path.join('.') || '(root)'
      }': ${issue?.message}`,
    });
  }
  return result.data;
}
