import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';

export interface FraudConfig {
  catalogUri: string;
  warehouse: string;
  namespace: string[];
  tableName: string;
  objectStore: {
    endpoint?: string;
    region: string;
    forcePathStyle: boolean;
    /** A table file (metadata, manifest, data) bigger than this is refused. */
    maxObjectBytes: number;
  };
  refreshIntervalMs: number;
  /** Bound of one catalog or object-store call. */
  timeoutMs: number;
  /** Bound of one whole refresh; past it the data is marked stale. */
  refreshTimeoutMs: number;
}

const DEFAULT_MAX_OBJECT_BYTES = 64 * 1024 * 1024;

function readMs(c: Config, key: string, fallback: number): number {
  if (!c.has(key)) return fallback;
  const ms = durationToMilliseconds(readDurationFromConfig(c, { key }));
  if (!(ms > 0))
    throw new InputError(`Invalid fraud.${key}: must be a positive duration`);
  return ms;
}

/** `fraud.*`; undefined when the dashboard is not configured. */
export function readFraudConfig(config: Config): FraudConfig | undefined {
  const c = config.getOptionalConfig('fraud');
  if (!c) return undefined;
  const table = c.getOptionalString('table') ?? 'fraud.alerts';
  const parts = table.split('.');
  if (
    parts.length < 2 ||
    parts.some(p => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p))
  ) {
    throw new InputError(`Invalid fraud.table '${table}': use namespace.table`);
  }
  const store = c.getOptionalConfig('objectStore');
  return {
    catalogUri: c.getString('catalogUri').replace(/\/+$/, ''),
    warehouse: c.getOptionalString('warehouse') ?? 'warehouse',
    namespace: parts.slice(0, -1),
    tableName: parts[parts.length - 1],
    objectStore: {
      endpoint: store?.getOptionalString('endpoint'),
      region: store?.getOptionalString('region') ?? 'us-east-1',
      forcePathStyle: store?.getOptionalBoolean('forcePathStyle') ?? true,
      maxObjectBytes: readMaxObjectBytes(
        store?.getOptionalNumber('maxObjectBytes'),
      ),
    },
    refreshIntervalMs: readMs(c, 'refreshInterval', 10_000),
    timeoutMs: readMs(c, 'timeout', 10_000),
    refreshTimeoutMs: readMs(c, 'refreshTimeout', 60_000),
  };
}

function readMaxObjectBytes(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_OBJECT_BYTES;
  if (!Number.isInteger(value) || value <= 0) {
    throw new InputError(
      `Invalid fraud.objectStore.maxObjectBytes '${value}': must be a positive whole number of bytes`,
    );
  }
  return value;
}
