import type { RestorePoint } from '@internal/plugin-lakehouse-common';
import { z } from 'zod';
import type { EngineInstance } from '../../config';
import { sendRequest } from '../sendRequest';
import { engineCall, expectStatus, SubmitError } from '../submitErrors';
import type { SavepointControls } from '../types';
import { flinkCause } from './flinkCause';

const POLL_MS = 500;

const triggerAnswer = z.object({ 'request-id': z.string().min(1) });
const savepointStatus = z.object({
  status: z.object({ id: z.enum(['IN_PROGRESS', 'COMPLETED']) }),
  operation: z
    .object({
      location: z.string().nullish(),
      'failure-cause': z
        .object({
          class: z.string().optional(),
          'serialized-throwable': z.unknown().optional(),
          'stack-trace': z.string().optional(),
        })
        .nullish(),
    })
    // Flink answers `"operation": null` while in progress.
    .nullish(),
});
const checkpointEntry = z.object({
  status: z.string(),
  is_savepoint: z.boolean(),
  external_path: z.string().nullish(),
  latest_ack_timestamp: z.number().nullish(),
  discarded: z.boolean().nullish(),
});
const checkpointStats = z.object({
  latest: z
    .object({
      completed: checkpointEntry.nullish(),
      savepoint: checkpointEntry.nullish(),
    })
    .nullish(),
  history: z.array(checkpointEntry).default([]),
});

/** Not a path Flink can restore from: state kept in the JobManager's memory. */
const ADDRESSABLE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Savepoints through the JobManager REST API: trigger (`POST /jobs/:id/savepoints`), stop with one
 * (`POST /jobs/:id/stop`), both asynchronous operations polled until Flink reports them done; and the
 * savepoints and retained checkpoints a job can be resumed from (`GET /jobs/:id/checkpoints`).
 */
export class FlinkSavepoints implements SavepointControls {
  constructor(private readonly instance: EngineInstance) {}

  async savepoint(
    jobId: string,
    { stop, drain }: { stop: boolean; drain: boolean },
  ): Promise<{ location: string }> {
    const job = `${this.instance.url}/jobs/${encodeURIComponent(jobId)}`;
    const target = this.instance.savepointDir;
    const what = stop
      ? `Flink stop with savepoint (${job}/stop)`
      : `Flink savepoint (${job}/savepoints)`;
    const hint = `Is the JobManager at ${this.instance.url} up?`;
    const started = await engineCall(what, hint, () =>
      sendRequest({
        method: 'POST',
        url: stop ? `${job}/stop` : `${job}/savepoints`,
        body: stop
          ? { drain, ...(target && { targetDirectory: target }) }
          : {
              'cancel-job': false,
              ...(target && { 'target-directory': target }),
            },
        timeoutMs: this.instance.timeoutMs,
      }),
    );
    expectStatus(what, started, s => s === 202 || s === 200, '');
    const trigger = triggerAnswer.safeParse(started.body);
    if (!trigger.success) {
      throw new SubmitError(`${what} answered no request id`);
    }
    const statusUrl = `${job}/savepoints/${encodeURIComponent(
      trigger.data['request-id'],
    )}`;
    const timeoutMs = this.instance.savepointTimeoutMs ?? 300_000;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const polled = await engineCall(what, hint, () =>
        sendRequest({
          method: 'GET',
          url: statusUrl,
          timeoutMs: this.instance.timeoutMs,
          maxBytes: 4 * 1024 * 1024,
        }),
      );
      expectStatus(what, polled, s => s === 200, '');
      const status = savepointStatus.safeParse(polled.body);
      if (!status.success) {
        throw new SubmitError(
          `${what}: Flink's answer is not a savepoint status`,
        );
      }
      if (status.data.status.id === 'COMPLETED') {
        const { location, 'failure-cause': failure } =
          status.data.operation ?? {};
        if (location) return { location };
        throw new SubmitError(
          `${what} failed: ${
            failure?.['stack-trace']
              ? flinkCause({ errors: [failure['stack-trace']] })
              : failure?.class ?? 'no cause given'
          }${
            target
              ? ''
              : `. Without lakehouse.engines.flink[${this.instance.name}].savepointDir, Flink writes to its state.savepoints.dir: set one of them.`
          }`,
        );
      }
      await new Promise(r => setTimeout(r, POLL_MS));
    }
    throw new SubmitError(
      `${what} did not finish within ${Math.round(
        timeoutMs / 1000,
      )} s. Flink may still complete it: the job's restore points will list it when it does.`,
      true,
    );
  }

  async restorePoints(jobId: string): Promise<RestorePoint[]> {
    const url = `${this.instance.url}/jobs/${encodeURIComponent(
      jobId,
    )}/checkpoints`;
    const what = `Flink checkpoint statistics (${url})`;
    const result = await engineCall(
      what,
      `Is the JobManager at ${this.instance.url} up?`,
      () =>
        sendRequest({
          method: 'GET',
          url,
          timeoutMs: this.instance.timeoutMs,
          maxBytes: 4 * 1024 * 1024,
        }),
    );
    if (result.status === 404) return [];
    expectStatus(what, result, s => s === 200, '');
    const stats = checkpointStats.safeParse(result.body);
    if (!stats.success) {
      throw new SubmitError(
        `${what}: Flink's answer is not checkpoint statistics`,
      );
    }
    const { latest, history } = stats.data;
    const seen = new Set<string>();
    return [latest?.savepoint, latest?.completed, ...history]
      .filter(
        (e): e is z.infer<typeof checkpointEntry> & { external_path: string } =>
          !!e &&
          e.status === 'COMPLETED' &&
          !e.discarded &&
          !!e.external_path &&
          ADDRESSABLE.test(e.external_path),
      )
      .filter(e => !seen.has(e.external_path) && !!seen.add(e.external_path))
      .sort(
        (a, b) => (b.latest_ack_timestamp ?? 0) - (a.latest_ack_timestamp ?? 0),
      )
      .map((e, i) => ({
        kind: e.is_savepoint ? 'savepoint' : 'checkpoint',
        path: e.external_path,
        ...(e.latest_ack_timestamp && {
          completedAt: new Date(e.latest_ack_timestamp).toISOString(),
        }),
        // Newest first: the first is the latest state to resume from.
        latest: i === 0,
      }));
  }
}
