import {
  lookupState,
  type JobState,
  type ResourceUsage,
  type StateTable,
} from '@internal/plugin-lakehouse-common';
import { z } from 'zod';
import { EngineFetchError } from './http';

// One implementation for the REST clients and the custom-resource mappers.
export { epochMsToIso, jobSummary } from '@internal/plugin-lakehouse-common';

export type { StateTable };

/** REST engines' states, matched case-insensitively (tables list them upper case); unlisted ones are UNKNOWN. */
export function normaliseState(
  table: StateTable,
  raw: string | null | undefined,
): JobState {
  return raw ? lookupState(table, raw.toUpperCase()) : 'UNKNOWN';
}

export const MIB = 1024 * 1024;

export function usage(used: number, total: number): ResourceUsage {
  return { used, total };
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
