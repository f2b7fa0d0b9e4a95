import type { LoggerService } from '@backstage/backend-plugin-api';
import type { FraudAlertStreamStatus } from '@internal/plugin-fraud-common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Consumer, Kafka, logLevel, type SASLOptions } from 'kafkajs';
import type { AlertStreamConfig } from '../config';
import type { AlertRow } from './AlertStore';
import { parseAlertMessage } from './alertMessage';

/** Bytes fetched per request: alerts are small; this bounds what one fetch can hold in memory. */
const MAX_FETCH_BYTES = 1024 * 1024;
const RESTART_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
/** At most one warning about malformed messages per this long (a producer gone wrong must not flood the log). */
const GARBAGE_WARN_MS = 60_000;
/** A consumer that stayed up this long starts its backoff afresh when it fails. */
const HEALTHY_MS = 60_000;

export type StreamState = Omit<FraudAlertStreamStatus, 'pending'>;

/**
 * Reads the fraud detector's alert topic from its end and hands each alert
 * to `onAlerts`. Every replica reads every alert (each keeps its alerts in
 * memory), so each has its own consumer group. A broker that is down or a
 * topic that is missing is retried with backoff; it never stops the backend,
 * and the table still brings every alert.
 */
export class KafkaAlertStream {
  readonly #kafka: Kafka;
  #consumer?: Consumer;
  #connecting?: Promise<void>;
  #state: StreamState;
  #started = false;
  #attempt = 0;
  #joinedAtMs = 0;
  #restart?: NodeJS.Timeout;
  #garbage = { count: 0, lastWarnMs: 0 };

  constructor(
    private readonly options: {
      config: AlertStreamConfig;
      logger: LoggerService;
      onAlerts: (rows: AlertRow[]) => void;
    },
  ) {
    const { config, logger } = options;
    this.#state = { topic: config.topic, state: 'connecting' };
    this.#kafka = new Kafka({
      clientId: 'backstage-fraud',
      brokers: config.brokers,
      ssl: config.ssl,
      // kafkajs types each mechanism apart; the config was checked to be one of them.
      ...(config.sasl && { sasl: config.sasl as SASLOptions }),
      connectionTimeout: config.timeoutMs,
      requestTimeout: config.timeoutMs,
      // kafkajs retries inside one attempt; restarts between attempts are ours (with the state shown).
      retry: { retries: 3, initialRetryTime: 500 },
      logLevel: logLevel.WARN,
      logCreator: () => entry => {
        const text = `kafka ${entry.namespace}: ${entry.log.message}`;
        if (entry.level <= logLevel.ERROR) logger.warn(text);
        else logger.debug(text);
      },
    });
  }

  status(): StreamState {
    return this.#state;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#connecting = this.#connect();
  }

  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#restart);
    const consumer = this.#consumer;
    this.#consumer = undefined;
    // A connect in flight sees it is no longer current and disconnects what it made.
    await this.#connecting;
    await consumer?.disconnect().catch(() => undefined);
  }

  /** False once `consumer` was replaced or the stream stopped: it must let go. */
  #current(consumer: Consumer): boolean {
    return this.#started && consumer === this.#consumer;
  }

  async #connect() {
    const { config, logger } = this.options;
    const consumer = this.#kafka.consumer({
      groupId: `backstage-fraud-${hostname()}-${randomUUID()}`,
      maxBytes: MAX_FETCH_BYTES,
      maxBytesPerPartition: MAX_FETCH_BYTES,
      maxWaitTimeInMs: 1_000,
      sessionTimeout: 30_000,
      retry: { retries: 3, restartOnFailure: async () => false },
      // The detector creates its topic; a portal with a misspelt name must not create another.
      allowAutoTopicCreation: false,
    });
    this.#consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (!this.#current(consumer)) return;
      this.#joinedAtMs = Date.now();
      this.#state = { ...this.#state, state: 'connected', message: undefined };
      logger.info(`Reading fraud alerts from Kafka topic ${config.topic}`);
    });
    consumer.on(consumer.events.CRASH, event => {
      this.#fail(consumer, event.payload.error);
    });
    try {
      await consumer.connect();
      if (!this.#current(consumer)) {
        await consumer.disconnect();
        return;
      }
      await consumer.subscribe({
        topics: [config.topic],
        fromBeginning: false,
      });
      if (!this.#current(consumer)) {
        await consumer.disconnect();
        return;
      }
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => this.#receive(batch.messages),
      });
    } catch (e) {
      this.#fail(consumer, e as Error);
    }
  }

  #receive(messages: { value: Buffer | null }[]) {
    const rows: AlertRow[] = [];
    for (const message of messages) {
      const parsed = parseAlertMessage(message.value);
      if ('row' in parsed) rows.push(parsed.row);
      else this.#skip(parsed.error);
    }
    if (rows.length) {
      this.#state = { ...this.#state, lastAlertAt: new Date().toISOString() };
      this.options.onAlerts(rows);
    }
  }

  #skip(error: string) {
    this.#garbage.count++;
    const now = Date.now();
    if (now - this.#garbage.lastWarnMs < GARBAGE_WARN_MS) return;
    this.options.logger.warn(
      `Skipped ${this.#garbage.count} message(s) on Kafka topic ${
        this.options.config.topic
      } that are not fraud alerts; the last was ${error}`,
    );
    this.#garbage = { count: 0, lastWarnMs: now };
  }

  #fail(consumer: Consumer, error: Error) {
    if (!this.#current(consumer)) return;
    const { config, logger } = this.options;
    if (this.#joinedAtMs && Date.now() - this.#joinedAtMs > HEALTHY_MS)
      this.#attempt = 0;
    this.#joinedAtMs = 0;
    const delay =
      RESTART_DELAYS_MS[
        Math.min(this.#attempt++, RESTART_DELAYS_MS.length - 1)
      ];
    const message = `Kafka at ${config.brokers.join(', ')} (topic ${
      config.topic
    }): ${
      error.message
    }. Alerts still come from the table; check that the brokers are up and the topic exists. Retrying in ${
      delay / 1000
    } s.`;
    this.#state = { ...this.#state, state: 'error', message };
    logger.warn(message);
    this.#consumer = undefined;
    void consumer.disconnect().catch(() => undefined);
    this.#restart = setTimeout(() => {
      this.#state = { ...this.#state, state: 'connecting' };
      this.#connecting = this.#connect();
    }, delay);
  }
}
