import type { PromotionState } from '@internal/plugin-recommender-common';
import {
  nextState,
  parsePromotedFile,
  rollbackTarget,
  serializePromotedFile,
} from './promotedFile';

const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i));

/** The state after these promotions ('v') and rollbacks ('<v'), in order. */
function replay(steps: string[], limit?: number): PromotionState {
  let state: PromotionState | null = null;
  steps.forEach((step, i) => {
    const rollback = step.startsWith('<');
    const versionId = rollback ? step.slice(1) : step;
    state = nextState(
      state,
      {
        versionId,
        artifactPrefix: `p/versions/${versionId}/`,
        promotedAt: at(i),
        promotedBy: 'user:default/ada',
        action: rollback ? 'rollback' : 'promote',
      },
      limit,
    );
  });
  return state!;
}

describe('promoted.json', () => {
  it('is written in the snake_case the serving app reads, and read back the same', () => {
    const state = replay(['v1', 'v2']);
    const text = serializePromotedFile(state);
    expect(JSON.parse(text)).toEqual({
      version_id: 'v2',
      artifact_prefix: 'p/versions/v2/',
      promoted_at: '2026-01-01T00:01:00.000Z',
      promoted_by: 'user:default/ada',
      history: [
        {
          version_id: 'v1',
          promoted_at: '2026-01-01T00:00:00.000Z',
          promoted_by: 'user:default/ada',
          action: 'promote',
        },
        {
          version_id: 'v2',
          promoted_at: '2026-01-01T00:01:00.000Z',
          promoted_by: 'user:default/ada',
          action: 'promote',
        },
      ],
    });
    expect(parsePromotedFile(Buffer.from(text))).toEqual(state);
  });

  it.each([
    ['{', /not JSON/],
    ['[]', /not a promotion/],
    ['{"version_id": "v1"}', /not a promotion: artifact_prefix/],
    [
      JSON.stringify({
        ...JSON.parse(serializePromotedFile(replay(['v1']))),
        history: [{ version_id: 'v1', action: 'demote' }],
      }),
      /history/,
    ],
  ])('says why %s is not a promotion', (text, message) => {
    expect(() => parsePromotedFile(Buffer.from(text))).toThrow(message);
  });

  it('keeps the newest history entries only', () => {
    const state = replay(['a', 'b', 'c', 'd'], 3);
    expect(state.history.map(h => h.versionId)).toEqual(['b', 'c', 'd']);
  });
});

describe('rollbackTarget', () => {
  it.each([
    [['v1'], undefined],
    [['v1', 'v2'], 'v1'],
    [['v1', 'v2', 'v3'], 'v2'],
    // Rolling back again walks further back instead of flipping between the last two.
    [['v1', 'v2', 'v3', '<v2'], 'v1'],
    [['v1', 'v2', 'v3', '<v2', '<v1'], undefined],
    [['v1', 'v2', '<v1', 'v3'], 'v1'],
    [['v1', 'v2', 'v1'], 'v2'],
  ])('after %j: %s', (steps, target) => {
    expect(rollbackTarget(replay(steps))).toBe(target);
  });

  it('works from a cut history', () => {
    // v1..v5 promoted, only the last 2 kept: v4 is the one before v5.
    expect(rollbackTarget(replay(['v1', 'v2', 'v3', 'v4', 'v5'], 2))).toBe(
      'v4',
    );
    // A rollback whose target fell out of the kept history.
    const cut = replay(['v1', 'v2', 'v3', '<v1'], 1);
    expect(cut.history).toHaveLength(1);
    expect(rollbackTarget(cut)).toBeUndefined();
  });
});
