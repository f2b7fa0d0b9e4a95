import { SingleFlight } from './singleFlight';

/** A call that resolves when told to, counting how many were started. */
function gated() {
  const started: Array<() => void> = [];
  const fn = () =>
    new Promise<number>(resolve => {
      const n = started.length + 1;
      started.push(() => resolve(n));
    });
  return { fn, started };
}

describe('SingleFlight', () => {
  it('run: concurrent callers share the flight under way', async () => {
    const flights = new SingleFlight();
    const { fn, started } = gated();
    const a = flights.run('k', fn);
    const b = flights.run('k', fn);
    started[0]();
    expect(await Promise.all([a, b])).toEqual([1, 1]);
    expect(started).toHaveLength(1);
  });

  it('runAfter: waits for the flight under way, then shares one more among those who asked meanwhile', async () => {
    const flights = new SingleFlight();
    const { fn, started } = gated();
    const early = flights.run('k', fn);
    const late1 = flights.runAfter('k', fn);
    const late2 = flights.runAfter('k', fn);
    expect(started).toHaveLength(1);
    started[0]();
    expect(await early).toBe(1);
    await new Promise(r => setImmediate(r));
    expect(started).toHaveLength(2);
    started[1]();
    expect(await Promise.all([late1, late2])).toEqual([2, 2]);
  });

  it('runAfter: starts at once when nothing is under way, and follows a failed flight', async () => {
    const flights = new SingleFlight();
    const failing = flights.run('k', () => Promise.reject(new Error('down')));
    const after = flights.runAfter('k', async () => 'fresh');
    await expect(failing).rejects.toThrow('down');
    expect(await after).toBe('fresh');
    expect(await flights.runAfter('k', async () => 'alone')).toBe('alone');
  });
});
