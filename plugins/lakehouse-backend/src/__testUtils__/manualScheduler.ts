import { mockServices } from '@backstage/backend-test-utils';

/**
 * A scheduler whose tasks run only when the test says so, standing in for the
 * refresh interval: `runTask(id)` is one tick of that task.
 */
export function manualScheduler() {
  const mock = mockServices.scheduler.mock();
  return {
    factory: mock.factory,
    async runTask(id: string) {
      const call = mock.scheduleTask.mock.calls.find(
        ([task]) => task.id === id,
      );
      if (!call) throw new Error(`No task '${id}' was scheduled`);
      await call[0].fn(new AbortController().signal);
    },
  };
}
