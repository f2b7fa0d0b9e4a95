import { runWithTimeout } from './runWithTimeout';

describe('runWithTimeout', () => {
  it('answers done when the work finishes in time', async () => {
    expect(await runWithTimeout(async () => {}, 1_000)).toBe('done');
  });

  it('answers timeout and aborts the signal when the work hangs', async () => {
    let seen: AbortSignal | undefined;
    const outcome = await runWithTimeout(signal => {
      seen = signal;
      return new Promise(() => {});
    }, 20);
    expect(outcome).toBe('timeout');
    expect(seen?.aborted).toBe(true);
  });

  it('passes the work’s own failure on', async () => {
    await expect(
      runWithTimeout(async () => {
        throw new Error('catalog down');
      }, 1_000),
    ).rejects.toThrow('catalog down');
  });
});
