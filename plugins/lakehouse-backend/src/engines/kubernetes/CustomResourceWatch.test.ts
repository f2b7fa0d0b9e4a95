import { mockServices } from '@backstage/backend-test-utils';
import type { EngineInstance } from '../EngineInstance';
import { CustomResourceWatch } from './CustomResourceWatch';

type Callback = (type: string, obj: unknown) => void;
type Done = (err: unknown) => void;
const opened: {
  path: string;
  callback: Callback;
  done: Done;
  abort: jest.Mock;
}[] = [];
/** Set: the next watches are refused as the client does it, done() called before watch() resolves. */
let mockRefuse: unknown;

jest.mock('@kubernetes/client-node', () => ({
  ...jest.requireActual('@kubernetes/client-node'),
  Watch: jest.fn().mockImplementation(() => ({
    watch: async (
      path: string,
      _q: unknown,
      callback: Callback,
      done: Done,
    ) => {
      const abort = jest.fn();
      opened.push({ path, callback, done, abort });
      if (mockRefuse) done(mockRefuse);
      return { abort } as unknown as AbortController;
    },
  })),
}));

const instance: EngineInstance = {
  engine: 'flink',
  name: 'platform',
  url: 'https://127.0.0.1:6443',
  timeoutMs: 5_000,
  submitTimeoutMs: 5_000,
  refreshIntervalMs: 60_000,
  kubernetes: {
    cluster: 'platform',
    url: 'https://127.0.0.1:6443',
    token: 'token',
    skipTLSVerify: true,
    namespaces: ['jobs'],
    watch: true,
  },
};

describe('CustomResourceWatch', () => {
  beforeEach(() => {
    opened.length = 0;
    mockRefuse = undefined;
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('watches each kind of the engine in each namespace, and refreshes once per burst of events', async () => {
    const onChange = jest.fn().mockResolvedValue(undefined);
    const watch = new CustomResourceWatch(
      instance,
      onChange,
      mockServices.logger.mock(),
    );
    watch.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(opened.map(o => o.path)).toEqual([
      '/apis/flink.apache.org/v1beta1/namespaces/jobs/flinkdeployments',
      '/apis/flink.apache.org/v1beta1/namespaces/jobs/flinksessionjobs',
    ]);
    opened[1].callback('BOOKMARK', {});
    await jest.advanceTimersByTimeAsync(500);
    expect(onChange).not.toHaveBeenCalled();
    for (const type of ['ADDED', 'MODIFIED', 'MODIFIED'])
      opened[1].callback(type, {});
    opened[0].callback('DELETED', {});
    await jest.advanceTimersByTimeAsync(150);
    expect(onChange).toHaveBeenCalledTimes(1);
    watch.stop();
    expect(opened.every(o => o.abort.mock.calls.length === 1)).toBe(true);
  });

  it('refreshes once more when events come while a refresh runs', async () => {
    let finish!: () => void;
    const onChange = jest
      .fn()
      .mockImplementationOnce(() => new Promise<void>(r => (finish = r)))
      .mockResolvedValue(undefined);
    const watch = new CustomResourceWatch(
      instance,
      onChange,
      mockServices.logger.mock(),
    );
    watch.start();
    await jest.advanceTimersByTimeAsync(0);
    opened[0].callback('MODIFIED', {});
    await jest.advanceTimersByTimeAsync(150);
    opened[0].callback('MODIFIED', {});
    await jest.advanceTimersByTimeAsync(150);
    expect(onChange).toHaveBeenCalledTimes(1);
    finish();
    await jest.advanceTimersByTimeAsync(150);
    expect(onChange).toHaveBeenCalledTimes(2);
    watch.stop();
  });

  it('reopens a watch the server ended at once, and backs off after failures', async () => {
    const logger = mockServices.logger.mock();
    const watch = new CustomResourceWatch(instance, jest.fn(), logger);
    watch.start();
    await jest.advanceTimersByTimeAsync(0);
    const path = opened[0].path;
    const reopened = () => opened.filter(o => o.path === path).length;
    // Ended normally after minutes (its timeoutSeconds): reopened at once.
    opened[0].callback('ADDED', {});
    await jest.advanceTimersByTimeAsync(240_000);
    opened[0].done(null);
    await jest.advanceTimersByTimeAsync(0);
    expect(reopened()).toBe(2);
    // Refused (RBAC without watch): retried after 1 s, then 2 s, with the reason logged.
    opened
      .filter(o => o.path === path)[1]
      .done(Object.assign(new Error('Forbidden'), { statusCode: 403 }));
    await jest.advanceTimersByTimeAsync(900);
    expect(reopened()).toBe(2);
    await jest.advanceTimersByTimeAsync(200);
    expect(reopened()).toBe(3);
    opened.filter(o => o.path === path)[2].done(new Error('ECONNREFUSED'));
    await jest.advanceTimersByTimeAsync(1_500);
    expect(reopened()).toBe(3);
    await jest.advanceTimersByTimeAsync(600);
    expect(reopened()).toBe(4);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'HTTP 403: the service account needs watch on this resource (RBAC)',
      ),
    );
    watch.stop();
    opened.filter(o => o.path === path)[3].done(null);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(reopened()).toBe(4);
  });

  it('counts a watch that ends within seconds as failed, events or not, and keeps no refused one', async () => {
    const watch = new CustomResourceWatch(
      instance,
      jest.fn().mockResolvedValue(undefined),
      mockServices.logger.mock(),
    );
    watch.start();
    await jest.advanceTimersByTimeAsync(0);
    const path = opened[0].path;
    const reopened = () => opened.filter(o => o.path === path);
    // A proxy that drops the stream right after the initial burst: backed off, not a tight loop.
    opened[0].callback('ADDED', {});
    opened[0].done(null);
    await jest.advanceTimersByTimeAsync(500);
    expect(reopened()).toHaveLength(1);
    mockRefuse = Object.assign(new Error('Forbidden'), { statusCode: 403 });
    await jest.advanceTimersByTimeAsync(600);
    expect(reopened()).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(2_100);
    expect(reopened()).toHaveLength(3);
    mockRefuse = undefined;
    await jest.advanceTimersByTimeAsync(5_100);
    expect(reopened()).toHaveLength(4);
    watch.stop();
    // Only the watch still open is aborted at stop: the refused ones were never kept.
    expect(reopened().map(o => o.abort.mock.calls.length)).toEqual([
      0, 0, 0, 1,
    ]);
  });
});
