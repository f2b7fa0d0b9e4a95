import { z } from 'zod';

/** The parts of the Ray dashboard's Jobs, State and Serve APIs the mappers read. */
export const rayJobSchema = z.object({
  type: z.string(),
  job_id: z.string().nullish(),
  submission_id: z.string().nullish(),
  status: z.string(),
  entrypoint: z.string(),
  message: z.string().nullish(),
  error_type: z.string().nullish(),
  start_time: z.number().nullish(),
  end_time: z.number().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  driver_exit_code: z.number().nullish(),
});

export const rayJobsSchema = z.array(rayJobSchema);

export const rayJobLogsSchema = z.object({ logs: z.string() });

export const rayNodesSchema = z.object({
  data: z.object({
    result: z.object({
      result: z.array(
        z.object({
          node_id: z.string(),
          state: z.string(),
          is_head_node: z.boolean().optional(),
          resources_total: z.record(z.string(), z.number()).optional(),
        }),
      ),
    }),
  }),
});

/** `[used, total]` pairs, e.g. `CPU: [0.0, 2.0]`, memory in bytes. */
const pair = z.tuple([z.number(), z.number()]);

export const rayClusterStatusSchema = z.object({
  data: z.object({
    clusterStatus: z.object({
      loadMetricsReport: z.object({ usage: z.record(z.string(), pair) }),
    }),
  }),
});

export const rayServeSchema = z.object({
  applications: z.record(
    z.string(),
    z.object({
      name: z.string(),
      status: z.string(),
      route_prefix: z.string().nullish(),
      message: z.string().nullish(),
    }),
  ),
});

export type RayJob = z.output<typeof rayJobSchema>;
export type RayNodes = z.output<typeof rayNodesSchema>;
export type RayClusterStatus = z.output<typeof rayClusterStatusSchema>;
export type RayServe = z.output<typeof rayServeSchema>;
