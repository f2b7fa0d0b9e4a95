import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';

export interface FraudConfig {
  catalogUri: string;
  warehouse: string;
  namespace: string[];
  tableName: string;
  objectStore: { endpoint?: string; region: string; forcePathStyle: boolean };
  refreshIntervalMs: number;
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
    },
    refreshIntervalMs: c.has('refreshInterval')
      ? durationToMilliseconds(
          readDurationFromConfig(c, { key: 'refreshInterval' }),
        )
      : 10_000,
  };
}
