import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  readIcebergTableConfig,
  readPositiveDurationMs,
  type IcebergTableConfig,
} from '@internal/plugin-lakehouse-node';
import { DEFAULT_RECOMMENDER_SERVING_ENTITY } from '@internal/plugin-recommender-common';

export interface RecommenderConfig extends IcebergTableConfig {
  /** Bucket of the model artifacts and of promoted.json. */
  bucket: string;
  /** Key prefix of the models, without leading or trailing slashes. */
  prefix: string;
  /** Entity ref of the serving app's catalog entity (the promote permission's resource). */
  servingEntity: string;
  refreshIntervalMs: number;
  /** Bound of one whole refresh of the table; past it the versions are marked stale. */
  refreshTimeoutMs: number;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._=-]*$/;

function readPrefix(value: string): string {
  const prefix = value.replace(/^\/+|\/+$/g, '');
  if (!prefix || !prefix.split('/').every(s => PREFIX_SEGMENT.test(s))) {
    throw new InputError(
      `Invalid recommender.prefix '${value}': use a key prefix like models/recommender (letters, digits, '.', '_', '-', '=' per segment)`,
    );
  }
  return prefix;
}

/** Backstage's default rules for kinds, namespaces and names. */
const KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
const NAME = /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;

function readServingEntity(value: string): string {
  try {
    const ref = parseEntityRef(value, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    if (
      !KIND.test(ref.kind) ||
      !NAME.test(ref.namespace) ||
      !NAME.test(ref.name) ||
      ref.name.length > 63
    ) {
      throw new Error('not a valid entity ref');
    }
    return stringifyEntityRef(ref);
  } catch {
    throw new InputError(
      `Invalid recommender.servingEntity '${value}': use an entity ref like ${DEFAULT_RECOMMENDER_SERVING_ENTITY}`,
    );
  }
}

/** `recommender.*`; undefined when the recommender is not configured. */
export function readRecommenderConfig(
  config: Config,
): RecommenderConfig | undefined {
  const c = config.getOptionalConfig('recommender');
  if (!c) return undefined;
  const bucket = c.getOptionalString('bucket') ?? 'warehouse';
  if (!BUCKET.test(bucket)) {
    throw new InputError(
      `Invalid recommender.bucket '${bucket}': not an S3 bucket name`,
    );
  }
  return {
    ...readIcebergTableConfig(c, {
      section: 'recommender',
      defaultTable: 'recsys.model_versions',
    }),
    bucket,
    prefix: readPrefix(c.getOptionalString('prefix') ?? 'models/recommender'),
    servingEntity: readServingEntity(
      c.getOptionalString('servingEntity') ??
        DEFAULT_RECOMMENDER_SERVING_ENTITY,
    ),
    refreshIntervalMs: readPositiveDurationMs(
      c,
      'recommender',
      'refreshInterval',
      30_000,
    ),
    refreshTimeoutMs: readPositiveDurationMs(
      c,
      'recommender',
      'refreshTimeout',
      60_000,
    ),
  };
}
