import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ENGINE_INSTANCE_NAME_PATTERN,
  ENGINE_KINDS,
  EngineKind,
  JOB_ID_PATTERN,
  JobState,
  TERMINAL_JOB_STATES,
} from '@internal/plugin-lakehouse-common';
import type { LakehouseJobsService } from '@internal/plugin-lakehouse-node';

/** A just-submitted job may take a moment to appear in the engine's lists (Spark drivers queue). */
const NOT_FOUND_GRACE_MS = 60_000;

/**
 * `lakehouse:job:wait`: waits until a job runs or finishes, logging every
 * state change (and a heartbeat) to the task log; fails with the engine's
 * word when the job fails, and on timeout.
 * @public
 */
export function createWaitForJobAction(options: {
  jobs: LakehouseJobsService;
  /** For tests: how long "a second" is. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}) {
  const sleep = options.sleep ?? abortableSleep;
  return createTemplateAction({
    id: 'lakehouse:job:wait',
    description:
      'Waits for a Spark, Flink or Ray job to be running or to finish, streaming its state to the task log',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Wait for the job submitted by the previous step to finish',
        example: [
          'steps:',
          '  - id: wait',
          '    action: lakehouse:job:wait',
          '    input:',
          '      engine: ${{ steps.submit.output.engine }}',
          '      instance: ${{ steps.submit.output.instance }}',
          '      jobId: ${{ steps.submit.output.jobId }}',
          '      until: finished',
          '      timeoutSeconds: 900',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        engine: z => z.enum(ENGINE_KINDS as [EngineKind, ...EngineKind[]]),
        instance: z => z.string().regex(ENGINE_INSTANCE_NAME_PATTERN),
        jobId: z =>
          z.string().regex(JOB_ID_PATTERN, 'must be an engine job id'),
        until: z =>
          z
            .enum(['running', 'finished'])
            .default('finished')
            .describe(
              "'running': stop once the job runs (streaming jobs); 'finished': stop when it ends",
            ),
        timeoutSeconds: z => z.number().int().min(1).max(7200).default(600),
        pollSeconds: z => z.number().int().min(1).max(60).default(3),
      },
      output: {
        state: z => z.string().describe('The last state seen'),
        rawState: z => z.string().describe("The engine's own word for it"),
        waitedSeconds: z => z.number(),
      },
    },
    async handler(ctx) {
      const { engine, instance, jobId } = ctx.input;
      const until = ctx.input.until ?? 'finished';
      const timeoutMs = (ctx.input.timeoutSeconds ?? 600) * 1000;
      const pollMs = (ctx.input.pollSeconds ?? 3) * 1000;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `[dry run] would wait up to ${
            timeoutMs / 1000
          }s for ${engine} job ${jobId} to be ${until}`,
        );
        ctx.output('state', 'DRY_RUN');
        ctx.output('rawState', 'DRY_RUN');
        ctx.output('waitedSeconds', 0);
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const started = Date.now();
      let last: JobState | undefined;
      let lastLog = started;
      for (;;) {
        const elapsed = Date.now() - started;
        const found = await options.jobs.getJob(
          { engine, instance, jobId },
          { credentials },
        );
        if (!found && elapsed > NOT_FOUND_GRACE_MS) {
          throw new InputError(
            `${engine} instance '${instance}' does not know job '${jobId}' after ${Math.round(
              elapsed / 1000,
            )}s: was it submitted to this instance?`,
          );
        }
        const state = found?.job.state;
        if (state && state !== last) {
          ctx.logger.info(
            `${engine} job ${jobId}: ${state} (${
              found!.job.rawState
            }) after ${Math.round(elapsed / 1000)}s`,
          );
          last = state;
          lastLog = Date.now();
        } else if (Date.now() - lastLog >= 30_000) {
          ctx.logger.info(
            `still ${
              state ?? 'waiting for the job to appear'
            } after ${Math.round(elapsed / 1000)}s`,
          );
          lastLog = Date.now();
        }
        if (state && TERMINAL_JOB_STATES.includes(state)) {
          if (state !== 'SUCCEEDED') {
            throw new Error(
              `${engine} job ${jobId} ended ${state} (${
                found!.job.rawState
              }); see its logs on the status page: ${
                found!.job.links[0]?.url ?? 'the engine UI'
              }`,
            );
          }
        }
        const done =
          state === 'SUCCEEDED' || (until === 'running' && state === 'RUNNING');
        if (done) {
          ctx.output('state', state!);
          ctx.output('rawState', found!.job.rawState);
          ctx.output(
            'waitedSeconds',
            Math.round((Date.now() - started) / 1000),
          );
          return;
        }
        if (Date.now() - started + pollMs > timeoutMs) {
          throw new Error(
            `Timed out after ${
              timeoutMs / 1000
            }s waiting for ${engine} job ${jobId} to be ${until}; last state ${
              state ?? 'unknown'
            }. The job keeps running: follow it on the status page.`,
          );
        }
        await sleep(pollMs, ctx.signal);
      }
    },
  });
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('The task was cancelled'));
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('The task was cancelled'));
    });
  });
}
