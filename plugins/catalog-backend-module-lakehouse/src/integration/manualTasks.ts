import { mockServices } from '@backstage/backend-test-utils';

/**
 * A scheduler whose tasks run only when a test runs them: one run is one interval (a poll, a
 * refresh), so a test says exactly what the catalog has seen.
 */
export function manualTasks() {
  const scheduler = mockServices.scheduler.mock();
  return {
    factory: scheduler.factory,
    async run(id: string) {
      const call = scheduler.scheduleTask.mock.calls.find(
        ([task]) => task.id === id,
      );
      if (!call) throw new Error(`no task '${id}' was scheduled`);
      await call[0].fn(new AbortController().signal);
    },
  };
}
