import { describeZodError } from '@internal/plugin-lakehouse-common';
import { z } from 'zod';

/** The artifact format the serving app loads. */
export const MODEL_FORMAT = 'lakehouse-recommender/1';

/** model.json as the training job writes it; fields this check does not need are not looked at. */
const modelJsonSchema = z.object({
  format: z.string(),
  version_id: z.string(),
  created_at: z.string(),
  user_ids: z.array(z.string()).min(1, 'no users'),
  product_ids: z.array(z.string()).min(1, 'no products'),
  params: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
  data: z.record(z.string(), z.unknown()),
});

/**
 * Why `body` (a version's model.json) is not a model the serving app can load as `versionId`,
 * or undefined when it is.
 */
export function modelJsonProblem(
  body: Buffer,
  versionId: string,
): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (e) {
    return `its model.json is not JSON (${(e as Error).message})`;
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== MODEL_FORMAT) {
    return `its model.json has format ${JSON.stringify(
      format ?? null,
    )}, not ${MODEL_FORMAT} (what the serving app loads)`;
  }
  const parsed = modelJsonSchema.safeParse(json);
  if (!parsed.success) {
    return `its model.json is malformed: ${describeZodError(parsed.error).slice(
      0,
      500,
    )}`;
  }
  if (parsed.data.version_id !== versionId) {
    return `its model.json is of version ${JSON.stringify(
      parsed.data.version_id,
    )}, not ${versionId}`;
  }
  return undefined;
}
