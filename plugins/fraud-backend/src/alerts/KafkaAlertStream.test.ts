import { mockServices } from '@backstage/backend-test-utils';
import { EventEmitter } from 'node:events';
import type { AlertRow } from './AlertStore';
import { KafkaAlertStream } from './KafkaAlertStream';

let mockConnect: (c: MockConsumer) => Promise<void>;
const mockConsumers: MockConsumer[] = [];

/** A kafkajs consumer as far as the stream uses it; each test scripts what connect does. */
class MockConsumer extends EventEmitter {
  events = { GROUP_JOIN: 'join', CRASH: 'crash' };
  connect = jest.fn(async () => mockConnect(this));
  subscribe = jest.fn(async () => {});
  disconnect = jest.fn(async () => {});
  run = jest.fn(async (o: { eachBatch: (b: unknown) => Promise<void> }) => {
    this.eachBatch = o.eachBatch;
  });
  eachBatch?: (b: unknown) => Promise<void>;
}

jest.mock('kafkajs', () => ({
  ...jest.requireActual('kafkajs'),
  Kafka: class {
    consumer() {
      const c = new MockConsumer();
      mockConsumers.push(c);
      return c;
    }
  },
}));

const config = {
  brokers: ['127.0.0.1:19092'],
  topic: 'fraud-alerts',
  timeoutMs: 1000,
  ssl: false,
};
const message = (value: object | string) => ({
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});
const alert = {
  user_id: 'u1',
  rule: 'burst',
  window_start: '2026-12-01 10:00:00',
  window_end: '2026-12-01 10:00:10',
  event_count: 7,
};

function stream() {
  const received: AlertRow[][] = [];
  const logger = mockServices.logger.mock();
  const s = new KafkaAlertStream({
    config,
    logger,
    onAlerts: rows => received.push(rows),
  });
  return { s, received, logger };
}

beforeEach(() => {
  mockConsumers.length = 0;
  mockConnect = async () => {};
});
afterEach(() => jest.useRealTimers());

it('hands over the alerts of a batch and skips what is not an alert, warning once', async () => {
  const { s, received, logger } = stream();
  s.start();
  await new Promise(r => setImmediate(r));
  const consumer = mockConsumers[0];
  expect(consumer.subscribe).toHaveBeenCalledWith({
    topics: ['fraud-alerts'],
    fromBeginning: false,
  });
  consumer.emit('join');
  expect(s.status()).toMatchObject({ state: 'connected' });
  await consumer.eachBatch!({
    batch: {
      messages: [message(alert), message('garbage'), message('{"a":1}')],
    },
  });
  expect(received).toEqual([[expect.objectContaining({ userId: 'u1' })]]);
  expect(s.status().lastAlertAt).toBeDefined();
  expect(logger.warn).toHaveBeenCalledTimes(1);
  expect(logger.warn).toHaveBeenCalledWith(
    expect.stringMatching(
      /^Skipped 1 message\(s\) on Kafka topic fraud-alerts/,
    ),
  );
  await s.stop();
  expect(consumer.disconnect).toHaveBeenCalled();
});

it('reports a broker that is down, says what to check and retries with a growing backoff', async () => {
  jest.useFakeTimers();
  mockConnect = async () => {
    throw new Error('Connection error: ECONNREFUSED');
  };
  const { s } = stream();
  s.start();
  await jest.advanceTimersByTimeAsync(0);
  expect(s.status()).toMatchObject({
    state: 'error',
    message: expect.stringMatching(
      /ECONNREFUSED\. Alerts still come from the table; check that the brokers are up.*Retrying in 1 s/,
    ),
  });
  await jest.advanceTimersByTimeAsync(1_000);
  expect(mockConsumers).toHaveLength(2);
  expect(s.status().message).toMatch(/Retrying in 2 s/);
  // Back up: the next attempt connects and joins.
  mockConnect = async () => {};
  await jest.advanceTimersByTimeAsync(2_000);
  expect(mockConsumers).toHaveLength(3);
  mockConsumers[2].emit('join');
  expect(s.status()).toMatchObject({ state: 'connected' });
  // A crash after joining reconnects; a consumer replaced meanwhile is let go.
  mockConsumers[2].emit('crash', { payload: { error: new Error('lost') } });
  expect(mockConsumers[2].disconnect).toHaveBeenCalled();
  await s.stop();
  await jest.advanceTimersByTimeAsync(60_000);
  expect(mockConsumers).toHaveLength(3);
});

it('stopped while connecting, lets go of the consumer instead of running it', async () => {
  let connected!: () => void;
  mockConnect = () => new Promise<void>(r => (connected = r));
  const { s } = stream();
  s.start();
  s.start(); // a second start makes no second consumer
  await new Promise(r => setImmediate(r));
  expect(mockConsumers).toHaveLength(1);
  const stopped = s.stop();
  connected();
  await stopped;
  const [consumer] = mockConsumers;
  expect(consumer.subscribe).not.toHaveBeenCalled();
  expect(consumer.run).not.toHaveBeenCalled();
  expect(consumer.disconnect).toHaveBeenCalled();
});
