/**
 * Runs `work` with a signal that aborts after `timeoutMs`. Answers 'timeout' when it had not
 * finished by then: reads in flight stop, and a call that ignores the abort can only finish into
 * a result nobody waits for. Table readers use it to bound a whole refresh.
 * @public
 */
export async function runWithTimeout(
  work: (signal: AbortSignal) => Promise<void>,
  timeoutMs: number,
): Promise<'done' | 'timeout'> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>(resolve => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([
    work(controller.signal).then(() => 'done' as const),
    gaveUp,
  ]);
  clearTimeout(timer);
  if (outcome === 'timeout') controller.abort();
  return outcome;
}
