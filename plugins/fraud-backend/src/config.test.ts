import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readFraudConfig } from './config';

const fraud = (stream?: JsonObject) =>
  new ConfigReader({
    fraud: { catalogUri: 'http://127.0.0.1:19120/iceberg', stream },
  });

describe('fraud.stream', () => {
  it('is optional', () => {
    expect(readFraudConfig(fraud(undefined))?.stream).toBeUndefined();
  });

  it('reads the brokers, topic, bound and credentials', () => {
    expect(
      readFraudConfig(
        fraud({
          brokers: ['kafka-0.kafka:9092', '127.0.0.1:19092'],
          timeout: '5s',
          ssl: true,
          sasl: {
            mechanism: 'scram-sha-512',
            username: 'portal',
            password: 's3cret',
          },
        }),
      )?.stream,
    ).toEqual({
      brokers: ['kafka-0.kafka:9092', '127.0.0.1:19092'],
      topic: 'fraud-alerts',
      timeoutMs: 5000,
      ssl: true,
      sasl: {
        mechanism: 'scram-sha-512',
        username: 'portal',
        password: 's3cret',
      },
    });
  });

  it.each([
    [{ brokers: [] }, /brokers \(empty\)/],
    [
      { brokers: ['http://kafka:9092'] },
      /brokers 'http:\/\/kafka:9092': list the Kafka bootstrap servers as host:port/,
    ],
    [
      { brokers: ['kafka:9092'], topic: 'fraud alerts' },
      /topic 'fraud alerts'/,
    ],
    [{ brokers: ['kafka:9092'], timeout: '0s' }, /fraud.stream.timeout/],
    [
      {
        brokers: ['kafka:9092'],
        sasl: { mechanism: 'gssapi', username: 'a', password: 'b' },
      },
      /sasl.mechanism 'gssapi'/,
    ],
    [
      {
        brokers: ['kafka:9092'],
        sasl: { mechanism: 'plain', username: 'a', password: 'b' },
      },
      /clear text: set ssl: true/,
    ],
  ])('refuses %j, saying what to write', (stream, why) => {
    expect(() => readFraudConfig(fraud(stream))).toThrow(why);
  });
});
