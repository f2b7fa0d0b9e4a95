import { z } from 'zod';

/** The parts of the Flink JobManager REST API (`/v1`) the mappers read. */
export const flinkOverviewSchema = z.object({
  taskmanagers: z.number(),
  'slots-total': z.number(),
  'slots-available': z.number(),
  'flink-version': z.string().optional(),
});

const resource = z.object({
  cpuCores: z.number(),
  taskHeapMemory: z.number(),
  taskOffHeapMemory: z.number(),
  managedMemory: z.number(),
  networkMemory: z.number(),
});

export const flinkTaskManagersSchema = z.object({
  taskmanagers: z.array(
    z.object({
      id: z.string(),
      slotsNumber: z.number(),
      freeSlots: z.number(),
      totalResource: resource,
      freeResource: resource,
    }),
  ),
});

const jobTimes = {
  jid: z.string(),
  name: z.string(),
  state: z.string(),
  'start-time': z.number(),
  'end-time': z.number(),
  duration: z.number(),
};

export const flinkJobsOverviewSchema = z.object({
  jobs: z.array(z.object(jobTimes)),
});

export const flinkJobSchema = z.object({
  ...jobTimes,
  vertices: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      parallelism: z.number(),
      status: z.string(),
      'start-time': z.number(),
      'end-time': z.number(),
      duration: z.number(),
      metrics: z
        .object({
          'read-records': z.number(),
          'write-records': z.number(),
          /** False until Flink's metric fetcher has the figures (the first ask after a start). */
          'read-records-complete': z.boolean(),
          'write-records-complete': z.boolean(),
        })
        .partial()
        .optional(),
    }),
  ),
  /** The job graph: which vertex reads from which (sources have no inputs). */
  plan: z
    .object({
      nodes: z.array(
        z.object({
          id: z.string(),
          inputs: z.array(z.object({ id: z.string() })).optional(),
        }),
      ),
    })
    .optional(),
});

/**
 * `GET /jobs/:jid` as lineage reads it (the plan's node descriptions name the tables read and
 * written) and the snapshot does (`job-type`: STREAMING or BATCH).
 */
export const flinkJobPlanSchema = z.object({
  jid: z.string(),
  name: z.string(),
  state: z.string(),
  'job-type': z.string().optional(),
  plan: z
    .object({
      nodes: z.array(z.object({ description: z.string().optional() })),
    })
    .optional(),
});

export const flinkBackpressureSchema = z.object({
  /** "deprecated" while Flink is still sampling; the level is then stale or absent. */
  status: z.string(),
  'backpressure-level': z.string().optional(),
  subtasks: z
    .array(z.object({ ratio: z.number().optional() }).passthrough())
    .optional(),
});

/** Per subtask; Long.MIN_VALUE (as a string) until the first watermark arrives. */
export const flinkWatermarksSchema = z.array(
  z.object({ id: z.string(), value: z.string() }),
);

const checkpoint = z.object({
  id: z.number(),
  status: z.string().optional(),
  latest_ack_timestamp: z.number().optional(),
  checkpointed_size: z.number().optional(),
  external_path: z.string().optional(),
});

export const flinkCheckpointsSchema = z.object({
  counts: z.object({
    total: z.number(),
    in_progress: z.number(),
    completed: z.number(),
    failed: z.number(),
  }),
  latest: z
    .object({ completed: checkpoint.nullish(), failed: checkpoint.nullish() })
    .nullish(),
});

export const flinkExceptionsSchema = z.object({
  exceptionHistory: z.object({
    entries: z.array(
      z.object({
        exceptionName: z.string().nullish(),
        stacktrace: z.string().nullish(),
        timestamp: z.number().nullish(),
        taskName: z.string().nullish(),
      }),
    ),
    truncated: z.boolean().optional(),
  }),
});

export type FlinkOverview = z.output<typeof flinkOverviewSchema>;
export type FlinkTaskManagers = z.output<typeof flinkTaskManagersSchema>;
export type FlinkJobsOverview = z.output<typeof flinkJobsOverviewSchema>;
export type FlinkJob = z.output<typeof flinkJobSchema>;
export type FlinkJobPlan = z.output<typeof flinkJobPlanSchema>;
export type FlinkCheckpoints = z.output<typeof flinkCheckpointsSchema>;
export type FlinkExceptions = z.output<typeof flinkExceptionsSchema>;
export type FlinkBackpressure = z.output<typeof flinkBackpressureSchema>;
export type FlinkWatermarks = z.output<typeof flinkWatermarksSchema>;
