import streaming from '../engines/flink/__fixtures__/job-streaming.json';
import { flinkJobPlanSchema } from '../engines/flink/flinkSchemas';
import { flinkPlanEdges, planTables } from './flinkPlan';

const CATALOGS = ['nessie'];
const NOW = new Date('2026-12-01T10:00:00.000Z');

describe('flinkPlanEdges', () => {
  it('reads the real Flink 2.1 plan of fraud-detection: a catalog table in, an Iceberg table out', () => {
    const job = flinkJobPlanSchema.parse(streaming);
    const common = {
      job: { namespace: 'flink://local', name: 'fraud-detection' },
      source: 'flink-plan',
      lastSeen: NOW.toISOString(),
      lastRunId: '69b775bb7d647ec9ad25540789bdb0dc',
    };
    expect(flinkPlanEdges(job, 'local', CATALOGS, NOW)).toEqual([
      {
        ...common,
        dataset: {
          namespace: 'iceberg://nessie',
          name: 'fraud.alerts',
          icebergTable: 'fraud.alerts',
        },
        direction: 'output',
      },
      {
        ...common,
        dataset: {
          namespace: 'flink-table://default_catalog.default_database',
          name: 'clickstream_events',
        },
        direction: 'input',
      },
    ]);
  });

  it("keeps a SQL job's long name within the contract", () => {
    const [e] = flinkPlanEdges(
      {
        jid: 'j',
        name: `insert-into_${'x'.repeat(3000)}`,
        state: 'RUNNING',
        plan: { nodes: [{ description: 'IcebergSink nessie.a.b: Writer' }] },
      },
      'local',
      CATALOGS,
    );
    expect(e.job.name).toHaveLength(1024);
  });

  it('has no edges without a plan', () => {
    expect(
      flinkPlanEdges(
        { jid: 'j', name: 'n', state: 'RUNNING' },
        'local',
        CATALOGS,
      ),
    ).toEqual([]);
  });
});

describe('planTables', () => {
  it.each([
    [
      'a scan of an Iceberg catalog table',
      '[1]:TableSourceScan(table=[[nessie, demo, users]], fields=[id])',
      [
        {
          direction: 'input',
          parts: ['nessie', 'demo', 'users'],
          iceberg: false,
        },
      ],
    ],
    [
      'a SQL sink, list form',
      '[7]:Calc(select=[a])<br/>+- [8]:Sink(table=[[nessie, fraud, alerts]], fields=[a])<br/>',
      [
        {
          direction: 'output',
          parts: ['nessie', 'fraud', 'alerts'],
          iceberg: false,
        },
      ],
    ],
    [
      'a SQL sink, dotted form with quoted names',
      'Sink(table=[`default_catalog`.`default_database`.`print-sink`], fields=[a])',
      [
        {
          direction: 'output',
          parts: ['default_catalog', 'default_database', 'print-sink'],
          iceberg: false,
        },
      ],
    ],
    [
      'a lookup join (not a source or a sink)',
      'LookupJoin(table=[[default_catalog, default_database, dim]], joinType=[InnerJoin])',
      [],
    ],
    ['an operator without tables', 'Source: Custom Source<br/>+- Map<br/>', []],
  ])('reads %s', (_what, description, found) => {
    expect(planTables(description)).toEqual(found);
  });

  it('maps a scan of a non-lakehouse catalog and a sink of a configured one', () => {
    const edges = flinkPlanEdges(
      {
        jid: 'j1',
        name: 'copy',
        state: 'RUNNING',
        plan: {
          nodes: [
            { description: 'TableSourceScan(table=[[lake, raw, events]])' },
            { description: 'IcebergSink other.demo.users: Writer' },
          ],
        },
      },
      'prod',
      ['lake'],
      NOW,
    );
    expect(edges.map(e => [e.direction, e.dataset])).toEqual([
      [
        'input',
        {
          namespace: 'iceberg://lake',
          name: 'raw.events',
          icebergTable: 'raw.events',
        },
      ],
      // Iceberg's sink, but not the lakehouse's catalog: no table of ours.
      ['output', { namespace: 'iceberg://other', name: 'demo.users' }],
    ]);
    expect(edges[0].job).toEqual({ namespace: 'flink://prod', name: 'copy' });
  });
});
