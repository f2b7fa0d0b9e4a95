import type {
  EngineData,
  JobSummary,
  SparkJobDetail,
} from '@internal/plugin-lakehouse-common';
import {
  MIB,
  StateTable,
  epochMsToIso,
  jobSummary,
  normaliseState,
  usage,
} from '../mapping';
import type {
  SparkApplication,
  SparkDriver,
  SparkMasterState,
} from './sparkSchemas';

/**
 * Spark's ApplicationState. An application that ends is FINISHED even if its
 * driver failed; the driver's own state tells the difference.
 */
const APPLICATION_STATES: StateTable = {
  WAITING: 'PENDING',
  RUNNING: 'RUNNING',
  FINISHED: 'SUCCEEDED',
  FAILED: 'FAILED',
  KILLED: 'CANCELLED',
  UNKNOWN: 'UNKNOWN',
};

/** Spark's DriverState (cluster-mode drivers submitted through the REST server). */
const DRIVER_STATES: StateTable = {
  SUBMITTED: 'PENDING',
  RELAUNCHING: 'PENDING',
  RUNNING: 'RUNNING',
  FINISHED: 'SUCCEEDED',
  FAILED: 'FAILED',
  ERROR: 'FAILED',
  KILLED: 'CANCELLED',
  UNKNOWN: 'UNKNOWN',
};

export interface SparkMappingContext {
  instance: string;
  /** Master UI base URL, for links. */
  url: string;
  /** Now, to compute the duration of running drivers. */
  now: number;
}

export function mapSparkApplication(
  app: SparkApplication,
  ctx: SparkMappingContext,
): JobSummary {
  const state = normaliseState(APPLICATION_STATES, app.state);
  const startTime = epochMsToIso(app.starttime);
  const finished = state !== 'PENDING' && state !== 'RUNNING';
  return jobSummary({
    id: app.id,
    name: app.name,
    engine: 'spark',
    instance: ctx.instance,
    kind: 'application',
    state,
    rawState: app.state,
    startTime,
    // The master reports a duration but no end time; for ended apps, end = start + duration.
    endTime: finished ? epochMsToIso(app.starttime + app.duration) : undefined,
    durationMs: app.duration,
    links: [
      {
        title: 'Spark master',
        url: `${ctx.url}/app/?appId=${encodeURIComponent(app.id)}`,
      },
    ],
  });
}

export function mapSparkDriver(
  driver: SparkDriver,
  ctx: SparkMappingContext,
  workerUiById: Map<string, string>,
): JobSummary {
  const state = normaliseState(DRIVER_STATES, driver.state);
  const startTime = epochMsToIso(driver.starttime);
  const workerUi = driver.worker ? workerUiById.get(driver.worker) : undefined;
  return jobSummary({
    id: driver.id,
    // Drivers have no name in /json/; their id is what the REST submission returned.
    name: driver.id,
    engine: 'spark',
    instance: ctx.instance,
    kind: 'driver',
    state,
    rawState: driver.state,
    startTime,
    durationMs:
      state === 'RUNNING' && startTime
        ? Math.max(0, ctx.now - Date.parse(startTime))
        : undefined,
    // stderr: Spark's own log; stdout: what the Python program printed (the launcher's pip output, tracebacks).
    links: workerUi
      ? [
          {
            title: 'Driver log',
            url: `${workerUi}/logPage/?driverId=${encodeURIComponent(
              driver.id,
            )}&logType=stderr`,
          },
          {
            title: 'Driver output',
            url: `${workerUi}/logPage/?driverId=${encodeURIComponent(
              driver.id,
            )}&logType=stdout`,
          },
        ]
      : [],
  });
}

/** Master `/json/` to the cluster summary and every application and driver it remembers. */
export function mapSparkMaster(
  state: SparkMasterState,
  ctx: SparkMappingContext,
): EngineData {
  const workerUiById = new Map(state.workers.map(w => [w.id, w.webuiaddress]));
  const jobs = [
    ...[...state.activeapps, ...state.completedapps].map(a =>
      mapSparkApplication(a, ctx),
    ),
    ...[...state.activedrivers, ...state.completeddrivers].map(d =>
      mapSparkDriver(d, ctx, workerUiById),
    ),
  ];
  return {
    cluster: {
      nodeKind: 'worker',
      nodes: { alive: state.aliveworkers, total: state.workers.length },
      cpu: usage(state.coresused, state.cores),
      memoryBytes: usage(state.memoryused * MIB, state.memory * MIB),
    },
    jobs,
  };
}

/** The master's record of an application, for the detail page. */
export function mapSparkApplicationDetail(
  app: SparkApplication | undefined,
): SparkJobDetail {
  return {
    source: 'rest',
    engine: 'spark',
    ...(app && {
      application: {
        masterState: app.state,
        user: app.user,
        cores: app.cores,
        memoryPerExecutorMiB: app.memoryperexecutor,
        submitted: app.submitdate,
      },
    }),
    sectionErrors: [],
  };
}

/** The master's record of a driver (cluster-mode submission), for the detail page. */
export function mapSparkDriverDetail(
  driver: SparkDriver | undefined,
): SparkJobDetail {
  return {
    source: 'rest',
    engine: 'spark',
    ...(driver && {
      driver: {
        masterState: driver.state,
        mainClass: driver.mainclass,
        worker: driver.worker,
        cores: driver.cores,
        memoryMiB: driver.memory,
        submitted: driver.submitdate,
      },
    }),
    sectionErrors: [],
  };
}
