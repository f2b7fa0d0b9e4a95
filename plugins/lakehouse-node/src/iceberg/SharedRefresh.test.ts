import { SharedRefresh } from './SharedRefresh';

describe('SharedRefresh', () => {
  it('runs one refresh at a time: callers arriving meanwhile share it', async () => {
    let runs = 0;
    let finish!: () => void;
    const refresh = new SharedRefresh({
      run: () => {
        runs++;
        return new Promise<void>(resolve => (finish = resolve));
      },
      timeoutMs: 5_000,
      onTimeout: jest.fn(),
    });
    const a = refresh.run();
    const b = refresh.run();
    finish();
    await Promise.all([a, b]);
    expect(runs).toBe(1);
    const c = refresh.run();
    finish();
    await c;
    expect(runs).toBe(2);
  });

  it('gives up on a refresh that hangs, says so, and does not hold the next one', async () => {
    const onTimeout = jest.fn();
    let aborted = false;
    let calls = 0;
    const refresh = new SharedRefresh({
      run: signal => {
        calls++;
        signal.addEventListener('abort', () => (aborted = true));
        return calls === 1 ? new Promise<void>(() => {}) : Promise.resolve();
      },
      timeoutMs: 20,
      onTimeout,
    });
    await refresh.run();
    expect(onTimeout).toHaveBeenCalledWith(20);
    expect(aborted).toBe(true);
    await refresh.run();
    expect(calls).toBe(2);
    expect(onTimeout).toHaveBeenCalledTimes(1);
  });

  it('refreshes only a copy older than asked, waiting a bounded time for it', async () => {
    let calls = 0;
    let finish: (() => void) | undefined;
    const refresh = new SharedRefresh({
      run: () => {
        calls++;
        return new Promise<void>(resolve => (finish = resolve));
      },
      timeoutMs: 5_000,
      onTimeout: jest.fn(),
    });
    const started = Date.now();
    await refresh.ifOlderThan(60_000, 30); // never refreshed: runs, waits 30 ms at most
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(2_000);
    finish!();
    await refresh.run(); // the same refresh, now done
    await refresh.ifOlderThan(60_000, 30);
    expect(calls).toBe(1); // fresh enough: nothing runs
    await refresh.ifOlderThan(0, 30);
    expect(calls).toBe(2);
    finish!();
  });
});
