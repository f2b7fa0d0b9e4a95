import { Config } from '@backstage/config';
import { DEFAULT_SIMULATOR_ENTITY } from '@internal/plugin-fraud-common';
import {
  readEntityRef,
  readIcebergTableConfig,
  readKeyPrefix,
  readPositiveDurationMs,
  type IcebergTableConfig,
} from '@internal/plugin-lakehouse-node';

/** `fraud.stream.*`: the detector's alert topic in Kafka, read for alerts before the table commits them. */
export interface AlertStreamConfig {
  brokers: string[];
  topic: string;
  /** Bound of connecting and of each request to a broker. */
  timeoutMs: number;
  ssl: boolean;
  sasl?: {
    mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    username: string;
    password: string;
  };
}

const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;
/** Kafka's own rule for topic names. */
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

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
  /** Absent: alerts come from the table only. */
  stream?: AlertStreamConfig;
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
    stream: readStreamConfig(c.getOptionalConfig('stream')),
  };
}

function readStreamConfig(
  c: Config | undefined,
): AlertStreamConfig | undefined {
  if (!c) return undefined;
  const brokers = c.getStringArray('brokers');
  const bad = brokers.find(b => !BROKER.test(b));
  if (!brokers.length || bad !== undefined) {
    throw new Error(
      `Invalid fraud.stream.brokers${
        bad === undefined ? ' (empty)' : ` '${bad}'`
      }: list the Kafka bootstrap servers as host:port, e.g. 127.0.0.1:19092`,
    );
  }
  const topic = c.getOptionalString('topic') ?? 'fraud-alerts';
  if (!TOPIC.test(topic)) {
    throw new Error(
      `Invalid fraud.stream.topic '${topic}': a Kafka topic name (letters, digits, '.', '_', '-')`,
    );
  }
  const sasl = c.getOptionalConfig('sasl');
  const mechanism = sasl?.getString('mechanism');
  if (mechanism !== undefined && !SASL_MECHANISMS.some(m => m === mechanism)) {
    throw new Error(
      `Invalid fraud.stream.sasl.mechanism '${mechanism}': one of ${SASL_MECHANISMS.join(
        ', ',
      )}`,
    );
  }
  const ssl = c.getOptionalBoolean('ssl') ?? false;
  if (sasl && !ssl) {
    throw new Error(
      'fraud.stream.sasl without fraud.stream.ssl would send the password in clear text: set ssl: true',
    );
  }
  return {
    brokers,
    topic,
    timeoutMs: readPositiveDurationMs(c, 'fraud.stream', 'timeout', 10_000),
    ssl,
    ...(sasl && {
      sasl: {
        mechanism: mechanism as (typeof SASL_MECHANISMS)[number],
        username: sasl.getString('username'),
        password: sasl.getString('password'),
      },
    }),
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
