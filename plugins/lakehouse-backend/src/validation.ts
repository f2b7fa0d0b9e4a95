import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** Parses request input with the route's schema (lakehouse-common); the 400 message names the offending parameter. */
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
