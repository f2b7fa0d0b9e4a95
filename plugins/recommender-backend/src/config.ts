import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  parseTableName,
  readIcebergTableConfig,
  readEntityRef,
  readKeyPrefix,
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
  /** The Ray Serve application that serves the promoted version. */
  serve: ServeConfig;
  /** The users to try recommendations for (`demo.users` of apps/batch-etl). */
  usersTable: TableName;
  /** The products' names, categories and prices (`demo.products` of apps/batch-etl). */
  productsTable: TableName;
  /** Key (in `bucket`) of the clickstream the trainer reads, JSON lines. */
  clickstreamKey: string;
}

export interface TableName {
  namespace: string[];
  tableName: string;
}

export interface ServeConfig {
  /** The Ray dashboard (Ray Serve's REST API: `/api/serve/applications/`), without a trailing slash. */
  dashboardUrl?: string;
  /** The application's HTTP endpoint (Serve's proxy and route prefix: `/recommend`, `/status`), without a trailing slash. */
  url?: string;
  application: string;
  /** Bound of one call to the dashboard or the service. */
  timeoutMs: number;
  /** An answer bigger than this is refused. */
  maxResponseBytes: number;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._=-]*$/;
const DEFAULT_SERVE_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

function readHttpUrl(c: Config, key: string): string | undefined {
  const value = c.getOptionalString(key);
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    !['http:', 'https:'].includes(url.protocol) ||
    url.search ||
    url.hash
  ) {
    throw new InputError(
      `Invalid recommender.serve.${key} '${value}': use an http(s) URL without query, like http://127.0.0.1:8265`,
    );
  }
  return value.replace(/\/+$/, '');
}

const APPLICATION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function readServeConfig(c: Config | undefined): ServeConfig {
  const application = c?.getOptionalString('application') ?? 'recommender';
  if (!APPLICATION.test(application)) {
    throw new InputError(
      `Invalid recommender.serve.application '${application}': use the Serve application's name (letters, digits, '.', '_', '-')`,
    );
  }
  const maxResponseBytes =
    c?.getOptionalNumber('maxResponseBytes') ??
    DEFAULT_SERVE_MAX_RESPONSE_BYTES;
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes <= 0) {
    throw new InputError(
      `Invalid recommender.serve.maxResponseBytes '${maxResponseBytes}': must be a positive whole number of bytes`,
    );
  }
  return {
    dashboardUrl: c ? readHttpUrl(c, 'dashboardUrl') : undefined,
    url: c ? readHttpUrl(c, 'url') : undefined,
    application,
    timeoutMs: c
      ? readPositiveDurationMs(c, 'recommender.serve', 'timeout', 5_000)
      : 5_000,
    maxResponseBytes,
  };
}

function readObjectKey(value: string, key: string): string {
  const objectKey = value.replace(/^\/+/, '');
  if (!objectKey || !objectKey.split('/').every(s => PREFIX_SEGMENT.test(s))) {
    throw new InputError(
      `Invalid recommender.${key} '${value}': use an object key like data/clickstream.json (letters, digits, '.', '_', '-', '=' per segment)`,
    );
  }
  return objectKey;
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
    prefix: readKeyPrefix(
      c.getOptionalString('prefix') ?? 'models/recommender',
      'recommender.prefix',
      'models/recommender',
    ),
    servingEntity: readEntityRef(
      c.getOptionalString('servingEntity') ??
        DEFAULT_RECOMMENDER_SERVING_ENTITY,
      'recommender.servingEntity',
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
    serve: readServeConfig(c.getOptionalConfig('serve')),
    usersTable: parseTableName(
      c.getOptionalString('usersTable') ?? 'demo.users',
      'recommender.usersTable',
    ),
    productsTable: parseTableName(
      c.getOptionalString('productsTable') ?? 'demo.products',
      'recommender.productsTable',
    ),
    clickstreamKey: readObjectKey(
      c.getOptionalString('clickstream') ?? 'data/clickstream.json',
      'clickstream',
    ),
  };
}
