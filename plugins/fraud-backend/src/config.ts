import { Config } from '@backstage/config';
import { DEFAULT_SIMULATOR_ENTITY } from '@internal/plugin-fraud-common';
import {
  readEntityRef,
  readIcebergTableConfig,
  readKeyPrefix,
  readPositiveDurationMs,
  type IcebergTableConfig,
} from '@internal/plugin-lakehouse-node';

/** Where the clickstream simulator's control.json and status.json are, and who may shape it. */
export interface SimulationConfig {
  bucket: string;
  prefix: string;
  simulatorEntity: string;
}

export interface FraudConfig extends IcebergTableConfig {
  refreshIntervalMs: number;
  /** Bound of one whole refresh; past it the data is marked stale. */
  refreshTimeoutMs: number;
  simulation: SimulationConfig;
  /** Absent: no spike notifications. */
  spikes?: { alertsPerMinute: number; recipients: string[] };
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
    simulation: readSimulationConfig(c.getOptionalConfig('simulation')),
    spikes: readSpikeConfig(c.getOptionalConfig('notifications')),
  };
}

/** `fraud.notifications.*`: who is told of a spike, and above how many alerts a minute. */
function readSpikeConfig(
  c: Config | undefined,
): FraudConfig['spikes'] | undefined {
  if (!c) return undefined;
  const alertsPerMinute = c.getNumber('spikeAlertsPerMinute');
  if (!Number.isInteger(alertsPerMinute) || alertsPerMinute < 1) {
    throw new Error(
      `Invalid fraud.notifications.spikeAlertsPerMinute ${alertsPerMinute}: a whole number of alerts, at least 1`,
    );
  }
  const recipients = c.getStringArray('recipients');
  if (!recipients.length) {
    throw new Error(
      'fraud.notifications.recipients is empty: name who is told of a spike, e.g. group:default/fraud-streaming-team',
    );
  }
  return {
    alertsPerMinute,
    recipients: recipients.map((r, i) =>
      readEntityRef(
        r,
        `fraud.notifications.recipients[${i}]`,
        'group:default/fraud-streaming-team',
      ),
    ),
  };
}

/** `fraud.simulation.*`: the simulator's files in the object store of `fraud.objectStore`. */
function readSimulationConfig(c: Config | undefined): SimulationConfig {
  return {
    bucket: c?.getOptionalString('bucket') ?? 'warehouse',
    prefix: readKeyPrefix(
      c?.getOptionalString('prefix') ?? 'live/simulator',
      'fraud.simulation.prefix',
      'live/simulator',
    ),
    simulatorEntity: readEntityRef(
      c?.getOptionalString('entity') ?? DEFAULT_SIMULATOR_ENTITY,
      'fraud.simulation.entity',
      DEFAULT_SIMULATOR_ENTITY,
    ),
  };
}
