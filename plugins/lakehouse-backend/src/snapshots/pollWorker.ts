import type { EngineError } from '@internal/plugin-lakehouse-common';
import {
  isMainThread,
  parentPort,
  workerData,
  type MessagePort,
} from 'node:worker_threads';
import type { EngineInstance } from '../config';
import { createEngineClient } from '../engines/createEngineClient';
import { asEngineError } from '../engines/http';
import type { EngineClient } from '../engines/types';

/** main thread → poll worker: a poll, one job's details, or cancelling either. */
export type PollRequest =
  | { type: 'poll'; id: number; instance: EngineInstance }
  | { type: 'detail'; id: number; instance: EngineInstance; jobId: string }
  | { type: 'abort'; id: number };

/**
 * poll worker → main thread: a snapshot as JSON text (ready for the cache
 * service), a job detail as JSON text (`null` for an unknown job), or the
 * engine error.
 */
export type PollReply =
  | { id: number; json: string }
  | { id: number; error: EngineError };

/** This module's file (TypeScript source under backstage-cli, `.cjs.js` once built): what the worker loads. */
export const POLL_WORKER_MODULE = __filename;

/** The worker's `workerData`: loaded with it, this module serves polls on its own. */
export const POLL_WORKER_DATA = 'lakehouse-poll-worker';

/**
 * The worker thread's side: runs each instance's engine client and answers
 * with the mapped snapshot or job detail serialised. Reading, checking and
 * mapping 10,000 jobs is ~150 ms of CPU (a Spark detail reads the whole
 * master state too); here it never holds up a status request.
 */
export function servePolls(port: MessagePort): void {
  const clients = new Map<string, EngineClient>();
  const running = new Map<number, AbortController>();
  port.on('message', async (message: PollRequest) => {
    if (message.type === 'abort') {
      running.get(message.id)?.abort();
      return;
    }
    const { id, instance } = message;
    const key = `${instance.engine}:${instance.name}`;
    let client = clients.get(key);
    if (!client) {
      client = createEngineClient(instance);
      clients.set(key, client);
    }
    const controller = new AbortController();
    running.set(id, controller);
    let reply: PollReply;
    try {
      const answer =
        message.type === 'poll'
          ? await client.fetchSnapshot(controller.signal)
          : await client.fetchJobDetail(message.jobId, controller.signal);
      reply = { id, json: JSON.stringify(answer ?? null) };
    } catch (e) {
      reply = { id, error: asEngineError(e) };
    } finally {
      running.delete(id);
    }
    port.postMessage(reply);
  });
}

// Started from here rather than by the worker calling an export: the bundler drops exports that
// no other module imports, and the worker's code is a string it cannot see.
if (!isMainThread && workerData === POLL_WORKER_DATA && parentPort) {
  servePolls(parentPort);
}
