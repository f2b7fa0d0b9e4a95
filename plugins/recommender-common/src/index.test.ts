import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  modelVersionsResponseSchema,
  promoteRequestSchema,
  recommenderModelPromotePermission,
  recommenderModelReadPermission,
  type ModelVersion,
} from './index';

const version = (versionId: string, createdAt: string): ModelVersion => ({
  versionId,
  createdAt,
  status: 'ready',
  error: null,
  artifactUri: `s3://warehouse/models/recommender/versions/${versionId}/`,
  dataSource: 's3://warehouse/clickstream.json',
  dataSnapshot: 'etag=abc;size=1',
  numEvents: 10,
  numUsers: 2,
  numProducts: 3,
  params: { epochs: 30 },
  metrics: {
    rmse: 0.9,
    precisionAt10: 0.2,
    recallAt10: 0.3,
    baselinePrecisionAt10: 0.1,
    baselineRecallAt10: 0.15,
  },
  trainingSeconds: 12.5,
  rayJobId: '02000000',
});

describe('permissions', () => {
  it('reads with a basic permission and promotes on the serving entity', () => {
    expect(recommenderModelReadPermission).toEqual({
      type: 'basic',
      name: 'recommender.model.read',
      attributes: { action: 'read' },
    });
    expect(
      isResourcePermission(recommenderModelPromotePermission, 'catalog-entity'),
    ).toBe(true);
    expect(recommenderModelPromotePermission).toMatchObject({
      name: 'recommender.model.promote',
      attributes: { action: 'update' },
    });
  });
});

describe('promoteRequestSchema', () => {
  it.each(['rec-20260102-030405-abc123', 'v1', 'a.b_c-9'])(
    'takes %s',
    versionId => {
      expect(promoteRequestSchema.safeParse({ versionId }).success).toBe(true);
    },
  );

  it.each([
    [{}],
    [{ versionId: '' }],
    [{ versionId: '../promoted' }],
    [{ versionId: 'a/b' }],
    [{ versionId: '.hidden' }],
    [{ versionId: 'x'.repeat(129) }],
    [{ versionId: 42 }],
    [{ versionId: 'v1', force: true }],
  ])('refuses %j', body => {
    expect(promoteRequestSchema.safeParse(body).success).toBe(false);
  });
});

describe('modelVersionsResponseSchema', () => {
  it('takes versions newest first, with or without a promotion', () => {
    const body = {
      table: 'recsys.model_versions',
      versions: [
        version('v2', '2026-01-02T00:00:00Z'),
        { ...version('v1', '2026-01-01T00:00:00Z'), status: 'failed' },
      ],
      promoted: {
        versionId: 'v2',
        artifactPrefix: 'models/recommender/versions/v2/',
        promotedAt: '2026-01-03T00:00:00Z',
        promotedBy: 'user:default/ada',
        history: [
          {
            versionId: 'v2',
            promotedAt: '2026-01-03T00:00:00Z',
            promotedBy: 'user:default/ada',
            action: 'promote',
          },
        ],
      },
    };
    expect(modelVersionsResponseSchema.safeParse(body).success).toBe(true);
    expect(
      modelVersionsResponseSchema.safeParse({
        ...body,
        promoted: null,
        promotedError: 'promoted.json is not JSON',
        stale: { error: 'catalog down', since: '2026-01-03T00:00:00Z' },
      }).success,
    ).toBe(true);
  });

  it('refuses versions out of order, unknown fields and statuses, and a promotion that is also an error', () => {
    const v1 = version('v1', '2026-01-01T00:00:00Z');
    const v2 = version('v2', '2026-01-02T00:00:00Z');
    const base = { table: 't', promoted: null };
    expect(
      modelVersionsResponseSchema.safeParse({ ...base, versions: [v1, v2] })
        .success,
    ).toBe(false);
    expect(
      modelVersionsResponseSchema.safeParse({
        ...base,
        versions: [{ ...v1, extra: 1 }],
      }).success,
    ).toBe(false);
    expect(
      modelVersionsResponseSchema.safeParse({
        ...base,
        versions: [{ ...v1, status: 'running' }],
      }).success,
    ).toBe(false);
    expect(
      modelVersionsResponseSchema.safeParse({
        table: 't',
        versions: [],
        promoted: {
          versionId: 'v1',
          artifactPrefix: 'p/versions/v1/',
          promotedAt: '2026-01-03T00:00:00Z',
          promotedBy: 'user:default/ada',
          history: [],
        },
        promotedError: 'unreadable',
      }).success,
    ).toBe(false);
  });
});
