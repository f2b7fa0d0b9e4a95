import type { EngineKind } from '../types';

/**
 * The Backstage signals channel on which the lakehouse backend says that an engine instance's jobs
 * changed (a state, a new job, a job gone), right after the poll that saw it. Open pages refetch
 * through the status API, which checks the reader's permission: the signal itself carries no job data.
 * @public
 */
export const LAKEHOUSE_JOBS_SIGNAL_CHANNEL = 'lakehouse:jobs';

/** @public */
export interface JobsChangedSignal {
  [key: string]: string | number;
  engine: EngineKind;
  instance: string;
  /** How many jobs changed in that poll. */
  changed: number;
  /** When the poll that saw the change ended (ISO 8601): for measuring how soon pages show it. */
  polledAt: string;
}
