import {
  icebergTableOf,
  MAX_EVENT_DATASETS,
  parseOpenLineageEvent,
} from './openLineageEvent';
import { sparkEvent } from '../__testUtils__/openLineageEvents';

const CATALOGS = ['nessie'];

describe('parseOpenLineageEvent', () => {
  it("names edges after the parent's root job (the portal's) and maps a TABLE symlink to the lakehouse's Iceberg table", () => {
    const { job, edges } = parseOpenLineageEvent(sparkEvent(), CATALOGS);
    expect(job).toEqual({ namespace: 'lakehouse', name: 'nightly-etl' });
    expect(edges).toEqual([
      {
        job,
        dataset: { namespace: 's3://warehouse', name: 'raw/users.csv' },
        direction: 'input',
        source: 'openlineage',
        lastSeen: '2026-12-01T10:00:00.123Z',
        lastRunId: '0193a8e2-0000-7000-8000-000000000001',
      },
      {
        job,
        dataset: {
          namespace: 's3://warehouse',
          name: 'demo/users',
          icebergTable: 'demo.users',
        },
        direction: 'output',
        source: 'openlineage',
        lastSeen: '2026-12-01T10:00:00.123Z',
        lastRunId: '0193a8e2-0000-7000-8000-000000000001',
      },
    ]);
  });

  it('names edges after the parent job when the parent has no root', () => {
    const event = sparkEvent({
      run: {
        runId: 'r1',
        facets: {
          parent: {
            run: { runId: 'p1' },
            job: { namespace: 'lakehouse', name: 'nightly-etl' },
          },
        },
      },
    });
    expect(parseOpenLineageEvent(event, CATALOGS).job).toEqual({
      namespace: 'lakehouse',
      name: 'nightly-etl',
    });
  });

  it('uses the event job without a parent facet, and accepts an event with no datasets', () => {
    const event = sparkEvent({
      run: { runId: 'r1' },
      inputs: undefined,
      outputs: undefined,
    });
    const { job, edges } = parseOpenLineageEvent(event, CATALOGS);
    expect(job).toEqual({
      namespace: 'spark',
      name: 'nightly_etl.append_data_exec_v1',
    });
    expect(edges).toEqual([]);
  });

  it.each(['START', 'RUNNING'])('records %s events', eventType => {
    expect(
      parseOpenLineageEvent(sparkEvent({ eventType }), CATALOGS).edges,
    ).toHaveLength(2);
  });

  it.each(['FAIL', 'ABORT', 'OTHER', undefined])(
    'accepts but records nothing of a %s event',
    eventType => {
      expect(
        parseOpenLineageEvent(sparkEvent({ eventType }), CATALOGS).edges,
      ).toEqual([]);
    },
  );

  it('never dates an edge in the future', () => {
    const { edges } = parseOpenLineageEvent(
      sparkEvent({ eventTime: '2999-01-01T00:00:00+02:00' }),
      CATALOGS,
    );
    expect(Date.parse(edges[0].lastSeen)).toBeLessThanOrEqual(Date.now());
  });

  it.each([
    ['a non-object', 'hello', /Invalid OpenLineage event field/],
    ['no job', sparkEvent({ job: undefined }), /field 'job'/],
    ['no run id', sparkEvent({ run: {} }), /field 'run.runId'/],
    [
      'an unreadable time',
      sparkEvent({ eventTime: 'yesterday' }),
      /field 'eventTime': must be an ISO date-time/,
    ],
    [
      'an unknown event type',
      sparkEvent({ eventType: 'DONE' }),
      /field 'eventType'/,
    ],
    [
      'a dataset without a name',
      sparkEvent({ inputs: [{ namespace: 'x' }] }),
      /field 'inputs.0.name'/,
    ],
    [
      'a name over 1024 characters',
      sparkEvent({ job: { namespace: 'x', name: 'n'.repeat(1025) } }),
      /field 'job.name'/,
    ],
    [
      `over ${MAX_EVENT_DATASETS} outputs`,
      sparkEvent({
        outputs: Array.from({ length: MAX_EVENT_DATASETS + 1 }, (_, i) => ({
          namespace: 'x',
          name: `t${i}`,
        })),
      }),
      /field 'outputs'/,
    ],
  ])('refuses %s, naming the field', (_what, body, message) => {
    expect(() => parseOpenLineageEvent(body, CATALOGS)).toThrow(message);
  });
});

describe('icebergTableOf', () => {
  it.each([
    ['demo.users', ['nessie'], 'demo.users'],
    ['nessie.demo.users', ['nessie'], 'demo.users'],
    // Not a configured catalog: a nested namespace, kept whole.
    ['spark_catalog.demo.users', ['nessie'], 'spark_catalog.demo.users'],
    ['lake.demo.users', ['nessie', 'lake'], 'demo.users'],
    // Stripping would leave no namespace.
    ['nessie.users', ['nessie'], 'nessie.users'],
    ['users', ['nessie'], undefined],
    ['demo..users', ['nessie'], undefined],
  ])('%s with catalogs %j is %s', (name, catalogs, table) => {
    expect(icebergTableOf(name, catalogs)).toBe(table);
  });
});
