/**
 * Test helpers of the fraud plugins.
 *
 * @packageDocumentation
 */

import type { SimulatorStatus } from './simulation';

/**
 * status.json as a live simulator wrote it a moment ago (20 events/s, 2 fraudsters a minute,
 * 200 users), changed by `overrides`.
 * @public
 */
export function simulatorStatus(
  overrides: Partial<SimulatorStatus> = {},
): SimulatorStatus {
  const now = Date.now();
  return {
    version: 1,
    runId: 'run-1',
    jobId: 'raysubmit_1',
    state: 'running',
    running: true,
    rate: 20,
    fraudPerMinute: 2,
    capacity: 32.4,
    startedAt: new Date(now - 600_000).toISOString(),
    heartbeatAt: new Date(now).toISOString(),
    intervalSeconds: 5,
    endsAt: null,
    appliedRevision: null,
    controlError: null,
    eventsPerSecond: 19.4,
    eventsTotal: 11_640,
    files: 120,
    bursts: 20,
    lastBurst: {
      user_id: 'user-f1',
      window_start: 1_800_000_000,
      event_count: 12,
    },
    eventsPrefix: 'live/clickstream',
    ...overrides,
  };
}
