import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import type { IcebergTableConfig, ObjectStoreConfig } from './icebergRestTable';

const DEFAULT_MAX_OBJECT_BYTES = 64 * 1024 * 1024;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A positive duration at `key` of `config` (the `section`, e.g. `fraud`), or `fallback` when unset.
 * @public
 */
export function readPositiveDurationMs(
  config: Config,
  section: string,
  key: string,
  fallback: number,
): number {
  if (!config.has(key)) return fallback;
  const ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  if (!(ms > 0))
    throw new InputError(
      `Invalid ${section}.${key}: must be a positive duration`,
    );
  return ms;
}

const PREFIX_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._=-]*$/;
const entityValidator = makeValidator();

/**
 * An object key prefix (`key` names it in the error, `example` shows one), without leading or
 * trailing slashes; each segment letters, digits, '.', '_', '-' or '='.
 * @public
 */
export function readKeyPrefix(
  value: string,
  key: string,
  example: string,
): string {
  const prefix = value.replace(/^\/+|\/+$/g, '');
  if (!prefix || !prefix.split('/').every(s => PREFIX_SEGMENT.test(s))) {
    throw new InputError(
      `Invalid ${key} '${value}': use a key prefix like ${example} (letters, digits, '.', '_', '-', '=' per segment)`,
    );
  }
  return prefix;
}

/**
 * A catalog entity ref (kind `component` and namespace `default` unless given), checked by the
 * catalog's own validators, in its full form.
 * @public
 */
export function readEntityRef(
  value: string,
  key: string,
  example: string,
): string {
  let ref;
  try {
    ref = parseEntityRef(value, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    ref = undefined;
  }
  if (
    !ref ||
    !entityValidator.isValidKind(ref.kind) ||
    !entityValidator.isValidNamespace(ref.namespace) ||
    !entityValidator.isValidEntityName(ref.name)
  ) {
    throw new InputError(
      `Invalid ${key} '${value}': use an entity ref like ${example}`,
    );
  }
  return stringifyEntityRef(ref);
}

/**
 * `namespace.table` split into its namespace and name; anything else is refused, naming the key.
 * @public
 */
export function parseTableName(
  table: string,
  key: string,
): { namespace: string[]; tableName: string } {
  const parts = table.split('.');
  if (parts.length < 2 || parts.some(p => !IDENTIFIER.test(p))) {
    throw new InputError(`Invalid ${key} '${table}': use namespace.table`);
  }
  return {
    namespace: parts.slice(0, -1),
    tableName: parts[parts.length - 1],
  };
}

/**
 * `objectStore` of `config` (the `section`): endpoint, region (default `us-east-1`),
 * forcePathStyle (default true), maxObjectBytes (default 64 MiB).
 * @public
 */
export function readObjectStoreConfig(
  config: Config,
  section: string,
): ObjectStoreConfig {
  const store = config.getOptionalConfig('objectStore');
  const maxObjectBytes = store?.getOptionalNumber('maxObjectBytes');
  if (
    maxObjectBytes !== undefined &&
    (!Number.isInteger(maxObjectBytes) || maxObjectBytes <= 0)
  ) {
    throw new InputError(
      `Invalid ${section}.objectStore.maxObjectBytes '${maxObjectBytes}': must be a positive whole number of bytes`,
    );
  }
  return {
    endpoint: store?.getOptionalString('endpoint'),
    region: store?.getOptionalString('region') ?? 'us-east-1',
    forcePathStyle: store?.getOptionalBoolean('forcePathStyle') ?? true,
    maxObjectBytes: maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
  };
}

/**
 * The table part of a plugin's config section (`fraud`, `recommender`): `catalogUri` (required),
 * `warehouse` (default `warehouse`), `table` (`namespace.table`, default `defaultTable`),
 * `objectStore` and `timeout` (one catalog or object-store call, default 10 s).
 * @public
 */
export function readIcebergTableConfig(
  config: Config,
  options: { section: string; defaultTable: string },
): IcebergTableConfig {
  const { section, defaultTable } = options;
  return {
    catalogUri: config.getString('catalogUri').replace(/\/+$/, ''),
    warehouse: config.getOptionalString('warehouse') ?? 'warehouse',
    ...parseTableName(
      config.getOptionalString('table') ?? defaultTable,
      `${section}.table`,
    ),
    objectStore: readObjectStoreConfig(config, section),
    timeoutMs: readPositiveDurationMs(config, section, 'timeout', 10_000),
  };
}
