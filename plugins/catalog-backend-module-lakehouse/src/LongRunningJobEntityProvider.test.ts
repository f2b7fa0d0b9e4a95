import type { Entity } from '@backstage/catalog-model';
import type { JobState } from '@internal/plugin-lakehouse-common';
import { HttpResponse, http } from 'msw';
import {
  BASE,
  entitiesOf,
  job,
  namesOf,
  provider,
  useFakeLakehouseBackend,
} from './__testUtils__/fakeLakehouseBackend';
import { jobClaimOf } from './LongRunningJobEntityProvider';

/** Flink's jobs of every kind and state; the Serve and custom-resource cases have files of their own. */
const fake = useFakeLakehouseBackend(() => ({
  local: {
    jobs: [
      job('orders-enrichment', 'RUNNING'),
      job('fraud-detection', 'RUNNING'),
      job('nightly-compaction', 'SUCCEEDED', 'FINISHED'),
      job('old-stream', 'CANCELLED', 'CANCELED'),
      job('paused', 'CANCELLED', 'SUSPENDED'),
      job('flaky-stream', 'RUNNING', 'RESTARTING'),
      job('starting', 'PENDING', 'INITIALIZING'),
      job('broken-batch', 'FAILED'),
      job('forgotten', 'RUNNING', 'RUNNING', { fromHistory: true }),
    ],
  },
}));

it('gives each long-running Flink job as a production flink-job Component of the lakehouse, read as a service', async () => {
  const { p, mutations } = provider();
  expect(await p.refresh()).toEqual({ jobs: 4, applied: true });
  expect(p.lastError).toBeUndefined();
  expect(mutations).toHaveLength(1);
  const byName = entitiesOf(mutations[0]);
  expect(Object.keys(byName).sort()).toEqual([
    'flink-local-flaky-stream',
    'flink-local-fraud-detection',
    'flink-local-orders-enrichment',
    'flink-local-starting',
  ]);
  const location =
    'url:http://backend.test/api/lakehouse/jobs?engine=flink&instance=local&q=orders-enrichment';
  expect(byName['flink-local-orders-enrichment']).toEqual({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'flink-local-orders-enrichment',
      title: 'orders-enrichment',
      description: expect.stringMatching(
        /^Flink job 'orders-enrichment', discovered running on the Flink instance 'local'/,
      ),
      tags: ['flink', 'discovered'],
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        'lakehouse.io/engine': 'flink',
        'lakehouse.io/engine-instance': 'local',
        'lakehouse.io/job-name': 'orders-enrichment',
      },
    },
    spec: {
      type: 'flink-job',
      lifecycle: 'production',
      owner: 'group:default/platform-team',
      system: 'system:default/lakehouse-platform',
    },
  });
  // A plugin token minted for the lakehouse backend, not an anonymous call.
  expect(fake.authorizations[0]).toMatch(/^Bearer .+/);
});

it('leaves out finished, cancelled, suspended, failed and only-remembered jobs; a shown job that fails stays, failed', async () => {
  const { p, mutations } = provider();
  await p.refresh();
  const names = namesOf(mutations[0]);
  for (const gone of [
    'nightly-compaction',
    'old-stream',
    'paused',
    'broken-batch',
    'forgotten',
  ]) {
    expect(names).not.toContain(`flink-local-${gone}`);
  }
  // The streaming job fails for good: still a component (its page shows the failure); cancelled: gone.
  const ended: Record<string, { state: JobState; rawState: string }> = {
    'orders-enrichment': { state: 'FAILED', rawState: 'FAILED' },
    'flaky-stream': { state: 'CANCELLED', rawState: 'CANCELED' },
  };
  fake.instances.local.jobs = fake.instances.local.jobs!.map(j =>
    ended[j.name] ? { ...j, ...ended[j.name] } : j,
  );
  expect(await p.refresh()).toEqual({ jobs: 3, applied: true });
  expect(namesOf(mutations[1])).toEqual([
    'flink-local-fraud-detection',
    'flink-local-orders-enrichment',
    'flink-local-starting',
  ]);
  // Unchanged: nothing is sent again.
  expect(await p.refresh()).toEqual({ jobs: 3, applied: false });
  expect(mutations).toHaveLength(2);
});

it('leaves out batch jobs, keeps streaming ones and those whose type is not known yet', async () => {
  fake.instances.local.jobs = [
    job('hourly-rollup', 'RUNNING', 'RUNNING', { streaming: false }),
    job('clickstream', 'RUNNING', 'RUNNING', { streaming: true }),
    job('orders-enrichment', 'RUNNING'),
    job('backfill', 'PENDING', 'INITIALIZING'),
  ];
  const { p, mutations } = provider();
  await p.refresh();
  expect(namesOf(mutations[0])).toEqual([
    'flink-local-backfill',
    'flink-local-clickstream',
    'flink-local-orders-enrichment',
  ]);
  // Its type is read: a batch job that was a component while unknown is one no more.
  fake.instances.local.jobs[3] = {
    ...fake.instances.local.jobs[3],
    streaming: false,
  };
  expect(await p.refresh()).toEqual({ jobs: 2, applied: true });
  expect(namesOf(mutations[1])).toEqual([
    'flink-local-clickstream',
    'flink-local-orders-enrichment',
  ]);
});

it('gives a job that an entity claims only by that entity: by name on the first instance, by instance, by id', async () => {
  fake.instances.other = {
    jobs: [
      job('fraud-detection', 'RUNNING'),
      job('orders-enrichment', 'RUNNING'),
    ],
  };
  const starting = fake.instances.local.jobs!.find(j => j.name === 'starting')!;
  const { p, mutations } = provider({
    claims: [
      // apps/fraud-detection/catalog-info.yaml, without an instance: the first one (local).
      { engine: 'flink', jobName: 'fraud-detection' },
      { engine: 'flink', instance: 'other', jobName: 'orders-enrichment' },
      { engine: 'flink', instance: 'local', jobId: starting.id },
      // Another engine's job of the same name claims nothing here.
      { engine: 'ray', jobName: 'flaky-stream' },
    ],
  });
  await p.refresh();
  expect(namesOf(mutations[0])).toEqual([
    'flink-local-flaky-stream',
    'flink-local-orders-enrichment',
    'flink-other-fraud-detection',
  ]);
});

it('keeps the last jobs and says why while the backend is down, answers garbage, or an engine failed', async () => {
  const { p, mutations, logger } = provider();
  await p.refresh();
  const before = namesOf(mutations[0]);
  fake.instances.local.jobs = [];

  fake.answer = () => new HttpResponse('bad gateway', { status: 502 });
  expect(await p.refresh()).toEqual({ jobs: 4, applied: false });
  expect(p.lastError).toMatch(
    /lakehouse backend failed: GET \/engines answered HTTP 502: bad gateway; the jobs already in the catalog are kept/,
  );
  expect(logger.warn).toHaveBeenCalledWith(p.lastError);

  fake.answer = () => HttpResponse.error();
  await p.refresh();
  expect(p.lastError).toMatch(/lakehouse backend failed: .*are kept/);

  // Garbage: a job with no state, and something that is not JSON at all.
  fake.answer = () =>
    HttpResponse.json({
      items: [{ engine: 'flink', instance: 'local', x: 1 }],
    });
  await p.refresh();
  expect(p.lastError).toMatch(/answered unexpected JSON at/);
  fake.answer = () => new HttpResponse('<html>', { status: 200 });
  await p.refresh();
  expect(p.lastError).toMatch(/answered something that is not JSON/);
  expect(mutations).toHaveLength(1);

  // The engine's last poll failed: its jobs are kept, another instance's change is applied.
  fake.answer = undefined;
  fake.instances.local.error = {
    kind: 'timeout',
    message: 'no answer in 5000 ms',
  };
  fake.instances.other = { jobs: [job('new-stream', 'RUNNING')] };
  expect(await p.refresh()).toEqual({ jobs: 5, applied: true });
  expect(namesOf(mutations[1])).toEqual([...before, 'flink-other-new-stream']);
  expect(p.lastError).toMatch(
    /flink instance 'local': its last poll failed \(no answer in 5000 ms\); the jobs already in the catalog for those instances are kept/,
  );

  // Back: what the engine says now.
  delete fake.instances.local.error;
  expect(await p.refresh()).toEqual({ jobs: 1, applied: true });
  expect(namesOf(mutations[2])).toEqual(['flink-other-new-stream']);
  expect(p.lastError).toBeUndefined();
});

it('rejects a garbage job list without changing the entities', async () => {
  const { p, mutations } = provider();
  await p.refresh();
  fake.server.use(
    http.get(`${BASE}/engines/flink/local`, () =>
      HttpResponse.json({
        engine: 'flink',
        instance: 'local',
        fetchedAt: '2026-12-01T10:00:00.000Z',
        data: {
          cluster: { nodeKind: 'taskmanager', nodes: { alive: 1, total: 1 } },
          jobs: [{ id: 'x', name: 'evil' }],
        },
      }),
    ),
  );
  expect(await p.refresh()).toEqual({ jobs: 4, applied: false });
  expect(mutations).toHaveLength(1);
  expect(p.lastError).toMatch(
    /flink instance 'local': GET \/engines\/flink\/local answered unexpected JSON at 'data\.jobs\.0\..*'/,
  );
});

it('after a restart, keeps what it gave before for an engine not known yet, and empties nothing while the backend is down', async () => {
  // What the catalog holds from this provider before the restart (as the catalog returns it).
  const { p: before, mutations: given } = provider();
  await before.refresh();
  const kept = Object.values(entitiesOf(given[0])).map(e => ({
    ...e,
    metadata: { ...e.metadata, namespace: 'default', uid: 'u', etag: 'e' },
    relations: [],
  }));

  // The backend is down: no mutation at all, so the catalog keeps those.
  fake.answer = () => new HttpResponse('starting', { status: 503 });
  const { p, mutations } = provider({ previous: async () => kept });
  await p.refresh();
  expect(mutations).toHaveLength(0);

  // Up, but its first poll of Flink has not happened yet: the kept entities, as they were given.
  fake.answer = undefined;
  fake.instances.local.polled = false;
  await p.refresh();
  expect(mutations).toHaveLength(1);
  expect(entitiesOf(mutations[0])).toEqual(entitiesOf(given[0]));

  // The catalog cannot be read either: nothing applied rather than the entities dropped.
  const { p: blind, mutations: none } = provider({
    previous: async () => {
      throw new Error('catalog unavailable');
    },
  });
  await blind.refresh();
  expect(none).toHaveLength(0);
  expect(blind.lastError).toMatch(
    /flink instance 'local': not polled yet; nothing was changed in the catalog/,
  );
});

it('reads a claim from an entity: engine and job name or id, instance optional', () => {
  const entity = (annotations: Record<string, string>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  });
  expect(
    jobClaimOf(
      entity({
        'lakehouse.io/engine': 'Flink',
        'lakehouse.io/engine-instance': 'local',
        'lakehouse.io/job-name': 'fraud-detection',
      }),
    ),
  ).toEqual({
    engine: 'flink',
    instance: 'local',
    jobName: 'fraud-detection',
  });
  expect(
    jobClaimOf(entity({ 'lakehouse.io/engine': 'flink' })),
  ).toBeUndefined();
  expect(
    jobClaimOf(
      entity({
        'lakehouse.io/engine': 'ray',
        'lakehouse.io/job-id': 'raysubmit_1',
      }),
    ),
  ).toEqual({ engine: 'ray', jobId: 'raysubmit_1' });
});
