import { Worker } from 'node:worker_threads';
import type { EngineInstance } from '../config';
import { EngineFetchError } from '../engines/http';
import type {
  EngineData,
  JobDetailResponse,
} from '@internal/plugin-lakehouse-common';
import type { SnapshotSource } from './SnapshotSource';
import {
  POLL_WORKER_DATA,
  POLL_WORKER_MODULE,
  PollReply,
  PollRequest,
} from './pollWorker';

interface Pending {
  resolve: (json: string) => void;
  reject: (error: Error) => void;
}

/**
 * Runs engine polls and job-detail reads on one worker thread, so the event
 * loop that answers status requests only receives finished answers. The thread starts on the
 * first poll and again after a crash; it never keeps the process alive.
 */
export class PollWorkerClient {
  #worker?: Worker;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  /** One instance as the snapshot store reads it, through this thread. */
  sourceFor(instance: EngineInstance): SnapshotSource {
    return {
      fetchSnapshot: async signal => {
        const json = await this.poll(instance, signal);
        return { data: JSON.parse(json) as EngineData, json };
      },
      fetchJobDetail: (jobId, signal) =>
        this.jobDetail(instance, jobId, signal),
    };
  }

  /** The instance's snapshot as JSON text; engine failures reject with an {@link EngineFetchError}. */
  poll(instance: EngineInstance, signal?: AbortSignal): Promise<string> {
    return this.#call({ type: 'poll', id: this.#nextId++, instance }, signal);
  }

  /** One job's details, or undefined for a job the engine does not know. */
  async jobDetail(
    instance: EngineInstance,
    jobId: string,
    signal?: AbortSignal,
  ): Promise<JobDetailResponse | undefined> {
    const json = await this.#call(
      { type: 'detail', id: this.#nextId++, instance, jobId },
      signal,
    );
    return (JSON.parse(json) as JobDetailResponse | null) ?? undefined;
  }

  #call(request: PollRequest, signal?: AbortSignal): Promise<string> {
    const worker = this.#start();
    const { id } = request;
    return new Promise<string>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      signal?.addEventListener(
        'abort',
        () => this.#worker?.postMessage({ type: 'abort', id }),
        { once: true },
      );
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(
      `require(${JSON.stringify(POLL_WORKER_MODULE)})`,
      {
        eval: true,
        workerData: POLL_WORKER_DATA,
        execArgv: workerExecArgv(),
      },
    );
    worker.unref();
    worker.on('message', (reply: PollReply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (!pending) return;
      if ('json' in reply) pending.resolve(reply.json);
      else pending.reject(new EngineFetchError(reply.error));
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on('error', (e: Error) =>
      fail(new Error(`Poll worker failed: ${e.message}`)),
    );
    worker.on('exit', code => fail(new Error(`Poll worker exited (${code})`)));
    this.#worker = worker;
    return worker;
  }
}

/**
 * Run from TypeScript sources (backstage-cli package start, jest), the worker
 * needs the CLI's transform that the backend process was started with; jest
 * does not start Node with it, so it is added here. Built code needs nothing.
 */
function workerExecArgv(): string[] | undefined {
  if (!POLL_WORKER_MODULE.endsWith('.ts')) return undefined;
  const transform = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
  );
  return process.execArgv.some(a => a.includes('nodeTransform'))
    ? process.execArgv
    : [...process.execArgv, '--require', transform];
}
