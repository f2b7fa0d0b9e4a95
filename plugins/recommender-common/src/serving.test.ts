import { serveAnswer } from './testUtils';
import {
  recommendationsQuerySchema,
  recommendationsResponseSchema,
  rollbackTarget,
  serveHealthResponseSchema,
  usersQuerySchema,
  usersResponseSchema,
  type PromotionState,
  type RecommendationsResponse,
  type ServeHealthResponse,
} from './index';

describe('recommendationsQuerySchema', () => {
  it('takes the ids the service takes, and k from 1 to 100 (default 10)', () => {
    for (const userId of ['u1', 'a.b_c:d@e-f', 'x'.repeat(128)]) {
      expect(recommendationsQuerySchema.parse({ userId })).toEqual({
        userId,
        k: 10,
      });
    }
    expect(recommendationsQuerySchema.parse({ userId: 'u', k: '1' }).k).toBe(1);
    expect(recommendationsQuerySchema.parse({ userId: 'u', k: '100' }).k).toBe(
      100,
    );
  });

  it.each([
    [{}, /is required/],
    [{ userId: '' }, /must be 1 to 128/],
    [{ userId: 'a b' }, /must be 1 to 128/],
    [{ userId: 'a/b' }, /must be 1 to 128/],
    [{ userId: 'x'.repeat(129) }, /must be 1 to 128/],
    [{ userId: ['a', 'b'] }, /must be one user id/],
    [{ userId: 'u', k: '0' }, /must be a whole number from 1 to 100/],
    [{ userId: 'u', k: '101' }, /must be a whole number from 1 to 100/],
    [{ userId: 'u', k: '1.5' }, /must be a whole number from 1 to 100/],
    [{ userId: 'u', k: '-1' }, /must be a whole number from 1 to 100/],
    [{ userId: 'u', k: 'ten' }, /must be a whole number from 1 to 100/],
    [{ userId: 'u', other: '1' }, /other/],
  ])('refuses %j', (query, message) => {
    const parsed = recommendationsQuerySchema.safeParse(query);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(message);
  });
});

describe('usersQuerySchema', () => {
  it('defaults to 20 users, at most 100', () => {
    expect(usersQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(usersQuerySchema.parse({ q: 'ada', limit: '100' })).toEqual({
      q: 'ada',
      limit: 100,
    });
    expect(usersQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(usersQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(usersQuerySchema.safeParse({ q: 'x'.repeat(129) }).success).toBe(
      false,
    );
  });
});

const health: ServeHealthResponse = serveAnswer({
  lastDeployedAt: '2026-11-30T15:00:00.000Z',
});

describe('serveHealthResponseSchema', () => {
  it('takes a healthy application, and one whose sources failed as data', () => {
    expect(serveHealthResponseSchema.safeParse(health).success).toBe(true);
    expect(
      serveHealthResponseSchema.safeParse({
        ...health,
        status: null,
        deployments: [],
        served: null,
        errors: [
          { source: 'ray-serve-api', message: 'No answer within 5000 ms' },
          { source: 'service', message: 'HTTP 502' },
        ],
      }).success,
    ).toBe(true);
  });

  it('refuses unknown sources and fields', () => {
    expect(
      serveHealthResponseSchema.safeParse({
        ...health,
        errors: [{ source: 'kubernetes', message: 'x' }],
      }).success,
    ).toBe(false);
    expect(
      serveHealthResponseSchema.safeParse({ ...health, extra: 1 }).success,
    ).toBe(false);
  });
});

describe('usersResponseSchema', () => {
  it('takes users with their total, and a note without users', () => {
    expect(
      usersResponseSchema.safeParse({
        table: 'demo.users',
        users: [{ userId: 'u1', name: 'Ada', signupDate: '2025-01-02' }],
        total: 3,
      }).success,
    ).toBe(true);
    expect(
      usersResponseSchema.safeParse({
        table: 'demo.users',
        users: [],
        total: 0,
        note: 'demo.users does not exist yet',
      }).success,
    ).toBe(true);
    expect(
      usersResponseSchema.safeParse({
        table: 'demo.users',
        users: [{ userId: 'u1', name: null, signupDate: null }],
        total: 0,
      }).success,
    ).toBe(false);
  });
});

describe('recommendationsResponseSchema', () => {
  const answer: RecommendationsResponse = {
    userId: 'u1',
    k: 2,
    versionId: 'rec-v1',
    fallback: null,
    items: [
      {
        rank: 1,
        productId: 'p1',
        score: 0.9,
        productName: 'Blue Lamp',
        category: 'home',
        price: 19.99,
      },
      {
        rank: 2,
        productId: 'p2',
        score: 0.5,
        productName: null,
        category: null,
        price: null,
      },
    ],
    recentEvents: [
      {
        timestamp: '2025-09-26T14:00:05.123Z',
        productId: 'p1',
        eventType: 'view',
        productName: 'Blue Lamp',
      },
    ],
    errors: [],
  };

  it('takes ranked items, at most k', () => {
    expect(recommendationsResponseSchema.safeParse(answer).success).toBe(true);
    expect(
      recommendationsResponseSchema.safeParse({
        ...answer,
        fallback: 'popularity',
        errors: [{ source: 'products', message: 'demo.products is missing' }],
      }).success,
    ).toBe(true);
    expect(
      recommendationsResponseSchema.safeParse({ ...answer, k: 1 }).success,
    ).toBe(false);
    expect(
      recommendationsResponseSchema.safeParse({
        ...answer,
        items: [...answer.items].reverse(),
      }).success,
    ).toBe(false);
  });
});

describe('rollbackTarget', () => {
  const state = (
    steps: [string, 'promote' | 'rollback'][],
  ): PromotionState => ({
    versionId: steps[steps.length - 1][0],
    artifactPrefix: 'p/',
    promotedAt: '2026-01-01T00:00:00Z',
    promotedBy: 'user:default/ada',
    history: steps.map(([versionId, action]) => ({
      versionId,
      action,
      promotedAt: '2026-01-01T00:00:00Z',
      promotedBy: 'user:default/ada',
    })),
  });

  it('walks back through earlier promotions', () => {
    expect(rollbackTarget(state([['v1', 'promote']]))).toBeUndefined();
    expect(
      rollbackTarget(
        state([
          ['v1', 'promote'],
          ['v2', 'promote'],
        ]),
      ),
    ).toBe('v1');
    expect(
      rollbackTarget(
        state([
          ['v1', 'promote'],
          ['v2', 'promote'],
          ['v3', 'promote'],
          ['v2', 'rollback'],
        ]),
      ),
    ).toBe('v1');
  });
});
