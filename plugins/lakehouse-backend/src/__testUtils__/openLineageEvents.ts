/**
 * A COMPLETE event as Spark's OpenLineage listener (1.53 on Spark 4.1) sends it for a job the portal
 * submitted: the query's parent is the Spark application, whose root is the portal's job.
 */
export const sparkEvent = (over: Record<string, unknown> = {}) => ({
  eventType: 'COMPLETE',
  eventTime: '2026-12-01T10:00:00.123Z',
  producer:
    'https://github.com/OpenLineage/OpenLineage/tree/1.53.0/integration/spark',
  schemaURL:
    'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  run: {
    runId: '0193a8e2-0000-7000-8000-000000000001',
    facets: {
      parent: {
        _producer: 'x',
        run: { runId: '0193a8e2-0000-7000-8000-00000000000a' },
        job: { namespace: 'lakehouse', name: 'nightly_etl' },
        root: {
          run: { runId: '0193a8e2-0000-7000-8000-000000000000' },
          job: { namespace: 'lakehouse', name: 'nightly-etl' },
        },
      },
      spark_properties: { properties: { 'spark.master': 'spark://m:7077' } },
    },
  },
  job: { namespace: 'spark', name: 'nightly_etl.append_data_exec_v1' },
  inputs: [
    {
      namespace: 's3://warehouse',
      name: 'raw/users.csv',
      facets: { schema: { fields: [{ name: 'id', type: 'long' }] } },
    },
  ],
  outputs: [
    {
      namespace: 's3://warehouse',
      name: 'demo/users',
      facets: {
        symlinks: {
          identifiers: [
            {
              namespace: 'http://nessie:19120',
              name: 'nessie.demo.users',
              type: 'TABLE',
            },
          ],
        },
      },
      outputFacets: { outputStatistics: { rowCount: 3 } },
    },
  ],
  ...over,
});
