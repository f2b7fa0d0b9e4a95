import type { PromotionState } from './schemas';

/**
 * The version a rollback goes back to: the one promoted before the current one. The history is
 * replayed as a stack (a promotion pushes its version, a rollback pops the current one), so
 * successive rollbacks walk back through earlier promotions instead of flipping between the last
 * two. Undefined when there is none (only one promotion, or the history kept no earlier one).
 * @public
 */
export function rollbackTarget(state: PromotionState): string | undefined {
  const stack: string[] = [];
  for (const entry of state.history) {
    if (entry.action === 'promote') {
      stack.push(entry.versionId);
    } else {
      // Back to entry.versionId: drop what was promoted after it (all of it, if the history was cut).
      while (stack.length && stack[stack.length - 1] !== entry.versionId)
        stack.pop();
      if (!stack.length) stack.push(entry.versionId);
    }
  }
  if (stack[stack.length - 1] !== state.versionId) stack.push(state.versionId);
  // The one below the current version, skipping entries of the current version itself.
  for (let i = stack.length - 2; i >= 0; i--) {
    if (stack[i] !== state.versionId) return stack[i];
  }
  return undefined;
}
