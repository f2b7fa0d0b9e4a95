import { DatasetIndex, datasetKey, parseDatasetList } from './datasets';

describe('dataset keys', () => {
  it('joins namespace and name with exactly one slash, keeping the scheme', () => {
    expect(datasetKey('s3://warehouse', 'data/users.csv')).toBe(
      's3://warehouse/data/users.csv',
    );
    expect(datasetKey('s3://warehouse/', '/data/users.csv')).toBe(
      's3://warehouse/data/users.csv',
    );
    expect(datasetKey('file', '/tmp/x.csv')).toBe('file/tmp/x.csv');
  });

  it('splits a comma-separated list, dropping blanks', () => {
    expect(parseDatasetList(' a , iceberg:b.c,,')).toEqual([
      'a',
      'iceberg:b.c',
    ]);
    expect(parseDatasetList(undefined)).toEqual([]);
  });
});

describe('DatasetIndex', () => {
  const index = new DatasetIndex([
    { ref: 'resource:default/data', lineageDataset: 's3://warehouse/data/' },
    { ref: 'resource:default/bucket', lineageDataset: 's3://warehouse/' },
    { ref: 'resource:default/one-file', lineageDataset: 's3a://b/x.csv' },
    { ref: 'resource:default/t', icebergTable: 'demo.t', icebergRef: 'main' },
    {
      ref: 'resource:default/t-dev',
      icebergTable: 'demo.t',
      icebergRef: 'dev',
    },
    {
      ref: 'resource:default/only-dev',
      icebergTable: 'demo.d',
      icebergRef: 'dev',
    },
  ]);
  const ds = (namespace: string, name: string, icebergTable?: string) =>
    index.resolve({ namespace, name, icebergTable });

  it('matches a prefix only at a slash, the most specific one first', () => {
    expect(ds('s3://warehouse', 'data/users.csv')).toEqual([
      'resource:default/data',
    ]);
    expect(ds('s3://warehouse', 'data-old/users.csv')).toEqual([
      'resource:default/bucket',
    ]);
    expect(ds('s3://warehouse', 'data')).toEqual(['resource:default/data']);
    expect(ds('s3://warehouses', 'x')).toEqual([]);
  });

  it('matches a value without a trailing slash exactly', () => {
    expect(ds('s3a://b', 'x.csv')).toEqual(['resource:default/one-file']);
    expect(ds('s3a://b', 'x.csv/part-0')).toEqual([]);
  });

  it('resolves Iceberg tables on the default branch only, by the table and not the location', () => {
    expect(ds('s3://warehouse', 'data/t', 'demo.t')).toEqual([
      'resource:default/t',
    ]);
    expect(ds('nessie', 'demo.d', 'demo.d')).toEqual([]);
    expect(index.resolveEntry('iceberg:demo.t')).toEqual([
      'resource:default/t',
    ]);
    expect(index.resolveEntry('s3://warehouse/data/a.csv')).toEqual([
      'resource:default/data',
    ]);
    expect(index.resolveEntry('demo.t')).toEqual([]);
  });
});
