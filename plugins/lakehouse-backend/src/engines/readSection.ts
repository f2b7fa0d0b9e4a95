import type { DetailSectionError } from '@internal/plugin-lakehouse-common';

/**
 * Reads one optional part of a job detail (Flink's checkpoints, Spark's submission status): when the
 * engine does not answer, the part is left out and named in `errors`, so the page says so instead of
 * showing "none", and the rest of the detail is still served.
 */
export async function readSection<T>(
  errors: DetailSectionError[],
  section: string,
  read: Promise<T>,
): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    errors.push({ section, message: (e as Error).message });
    return undefined;
  }
}
