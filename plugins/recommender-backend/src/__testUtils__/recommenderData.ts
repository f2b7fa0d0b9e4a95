import {
  FixtureTable,
  type FixtureRow,
} from '@internal/plugin-lakehouse-node/testUtils';

export const BUCKET = 'warehouse';
export const PREFIX = 'models/recommender';

/** `recsys.model_versions` as the training job creates it (pyiceberg, from its arrow schema). */
export function modelVersionsTable(): FixtureTable {
  return new FixtureTable({
    location: 's3://warehouse/recsys/model_versions',
    columns: [
      { name: 'version_id', type: 'string' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'status', type: 'string' },
      { name: 'error', type: 'string' },
      { name: 'artifact_uri', type: 'string' },
      { name: 'data_source', type: 'string' },
      { name: 'data_snapshot', type: 'string' },
      { name: 'num_events', type: 'long' },
      { name: 'num_users', type: 'int' },
      { name: 'num_products', type: 'int' },
      { name: 'params', type: 'string' },
      { name: 'rmse', type: 'double' },
      { name: 'precision_at_10', type: 'double' },
      { name: 'recall_at_10', type: 'double' },
      { name: 'baseline_precision_at_10', type: 'double' },
      { name: 'baseline_recall_at_10', type: 'double' },
      { name: 'training_seconds', type: 'double' },
      { name: 'ray_job_id', type: 'string' },
    ],
  });
}

const T0 = Date.parse('2026-01-02T03:04:05Z');

/** A run's row, `n` minutes after T0: ready with metrics, unless overridden. */
export function versionRow(
  versionId: string,
  n: number,
  overrides: FixtureRow = {},
): FixtureRow {
  return {
    version_id: versionId,
    created_at: T0 + n * 60_000,
    status: 'ready',
    error: null,
    artifact_uri: `s3://${BUCKET}/${PREFIX}/versions/${versionId}/`,
    data_source: 's3://warehouse/demo/clickstream.json',
    data_snapshot: 'etag=abc;size=100;modified=2026-01-01T00:00:00+00:00',
    num_events: 10_045,
    num_users: 200,
    num_products: 50,
    params: JSON.stringify({ epochs: 30, factors: 16, seed: 7 }),
    rmse: 0.91,
    precision_at_10: 0.21,
    recall_at_10: 0.34,
    baseline_precision_at_10: 0.08,
    baseline_recall_at_10: 0.12,
    training_seconds: 12.5,
    ray_job_id: '02000000',
    ...overrides,
  };
}

/** A failed run's row, as the job records it: the error, no artifact, no metrics. */
export function failedRow(versionId: string, n: number): FixtureRow {
  return versionRow(versionId, n, {
    status: 'failed',
    error: 'JSONDecodeError: Expecting value: line 2 column 1 (char 53)',
    artifact_uri: null,
    data_snapshot: null,
    num_events: null,
    num_users: null,
    num_products: null,
    rmse: null,
    precision_at_10: null,
    recall_at_10: null,
    baseline_precision_at_10: null,
    baseline_recall_at_10: null,
    training_seconds: 0.4,
  });
}

export function modelJson(versionId: string, overrides: object = {}) {
  return {
    format: 'lakehouse-recommender/1',
    version_id: versionId,
    created_at: new Date(T0).toISOString(),
    params: { epochs: 30 },
    metrics: { precision_at_10: 0.21 },
    data: { events: 10_045, users: 200, products: 50 },
    training_seconds: 12.5,
    user_ids: ['u1', 'u2'],
    product_ids: ['p1', 'p2', 'p3'],
    ...overrides,
  };
}

export const versionKey = (versionId: string, file: string) =>
  `s3://${BUCKET}/${PREFIX}/versions/${versionId}/${file}`;

export const PROMOTED = `s3://${BUCKET}/${PREFIX}/promoted.json`;

/** The artifacts of a trained version, as the job writes them. */
export function putArtifacts(
  store: { put(uri: string, body: string | Buffer | object): void },
  versionId: string,
) {
  store.put(
    versionKey(versionId, 'model.npz'),
    Buffer.from('PK\u0003\u0004npz'),
  );
  store.put(versionKey(versionId, 'model.json'), modelJson(versionId));
}
