import { z } from 'zod';

/** The parts of the Spark master's `/json/` (JsonProtocol.writeMasterState) the mappers read. */
const worker = z.object({
  id: z.string(),
  webuiaddress: z.string(),
  cores: z.number(),
  coresused: z.number(),
  memory: z.number(),
  memoryused: z.number(),
  state: z.string(),
});

const application = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  starttime: z.number(),
  duration: z.number(),
  user: z.string().optional(),
  cores: z.number().optional(),
  memoryperexecutor: z.number().optional(),
  submitdate: z.string().optional(),
});

const driver = z.object({
  id: z.string(),
  state: z.string(),
  starttime: z.union([z.string(), z.number()]),
  worker: z.string().optional(),
  cores: z.number().optional(),
  memory: z.number().optional(),
  mainclass: z.string().optional(),
  submitdate: z.string().optional(),
});

export const sparkMasterStateSchema = z.object({
  url: z.string(),
  status: z.string(),
  workers: z.array(worker),
  aliveworkers: z.number(),
  cores: z.number(),
  coresused: z.number(),
  memory: z.number(),
  memoryused: z.number(),
  activeapps: z.array(application),
  completedapps: z.array(application),
  activedrivers: z.array(driver),
  completeddrivers: z.array(driver),
});

export type SparkMasterState = z.output<typeof sparkMasterStateSchema>;
export type SparkApplication = z.output<typeof application>;
export type SparkDriver = z.output<typeof driver>;

/** `GET :6066/v1/submissions/status/<driverId>` of the REST submission server. */
export const sparkSubmissionStatusSchema = z.object({
  submissionId: z.string().optional(),
  driverState: z.string().optional(),
  workerHostPort: z.string().optional(),
  workerId: z.string().optional(),
  message: z.string().optional(),
  success: z.boolean().optional(),
});
