import { Config } from '@backstage/config';
import {
  readIcebergTableConfig,
  readPositiveDurationMs,
  type IcebergTableConfig,
} from '@internal/plugin-lakehouse-node';

export interface FraudConfig extends IcebergTableConfig {
  refreshIntervalMs: number;
  /** Bound of one whole refresh; past it the data is marked stale. */
  refreshTimeoutMs: number;
}

/** `fraud.*`; undefined when the dashboard is not configured. */
export function readFraudConfig(config: Config): FraudConfig | undefined {
  const c = config.getOptionalConfig('fraud');
  if (!c) return undefined;
  return {
    ...readIcebergTableConfig(c, {
      section: 'fraud',
      defaultTable: 'fraud.alerts',
    }),
    refreshIntervalMs: readPositiveDurationMs(
      c,
      'fraud',
      'refreshInterval',
      10_000,
    ),
    refreshTimeoutMs: readPositiveDurationMs(
      c,
      'fraud',
      'refreshTimeout',
      60_000,
    ),
  };
}
