import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { LineageEdge } from '@internal/plugin-lakehouse-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { EngineInstance } from '../config';
import streaming from '../engines/flink/__fixtures__/job-streaming.json';
import { FlinkRestClient } from '../engines/flink/FlinkRestClient';
import { FlinkPlanLineage } from './FlinkPlanLineage';

const FLINK = 'http://flink.test:8081';
const server = setupServer();
registerMswTestHooks(server);

const instance: EngineInstance = {
  engine: 'flink',
  name: 'local',
  url: FLINK,
  timeoutMs: 1_000,
  refreshIntervalMs: 10_000,
  submitTimeoutMs: 10_000,
};
const job = (id: string, state: string) => ({
  id,
  name: `job-${id}`,
  engine: 'flink' as const,
  instance: 'local',
  kind: 'job' as const,
  state: state as any,
  rawState: state,
  links: [],
});

function setUp(jobs: ReturnType<typeof job>[], rereadAfterMs?: number) {
  const calls: string[] = [];
  const stored: LineageEdge[] = [];
  let broken = true;
  server.use(
    http.get(`${FLINK}/jobs/:id`, ({ params }) => {
      calls.push(params.id as string);
      if (params.id === streaming.jid) return HttpResponse.json(streaming);
      if (params.id === 'broken' && broken) {
        return HttpResponse.json({ errors: ['boom'] }, { status: 500 });
      }
      if (params.id === 'broken')
        return HttpResponse.json({
          ...streaming,
          jid: 'broken',
          name: 'healed',
        });
      return HttpResponse.json({ errors: ['not found'] }, { status: 404 });
    }),
  );
  const client = new FlinkRestClient(instance);
  const snapshot = {
    engine: 'flink' as const,
    instance: 'local',
    data: {
      cluster: {
        nodeKind: 'taskmanager' as const,
        nodes: { alive: 1, total: 1 },
      },
      jobs,
    },
  };
  const logger = mockServices.logger.mock();
  const lineage = new FlinkPlanLineage({
    instances: [instance],
    snapshots: { get: async () => snapshot as any },
    lineage: { upsert: async edges => stored.push(...edges) },
    planOf: (_i, id) => client.fetchJobPlan(id),
    icebergCatalogNames: ['nessie'],
    logger,
    rereadAfterMs,
  });
  return {
    lineage,
    calls,
    stored,
    logger,
    snapshot,
    heal: () => (broken = false),
  };
}

describe('FlinkPlanLineage', () => {
  it('reads each running job once and records its sources and sinks', async () => {
    const { lineage, calls, stored } = setUp([
      job(streaming.jid, 'RUNNING'),
      job('done', 'FINISHED'),
      job('gone', 'RUNNING'),
    ]);
    await lineage.run();
    await lineage.run();
    // The finished job is never read; the one Flink no longer knows is not asked again.
    expect(calls).toEqual([streaming.jid, 'gone']);
    expect(stored.map(e => [e.direction, e.dataset.name, e.job.name])).toEqual([
      ['output', 'fraud.alerts', 'fraud-detection'],
      ['input', 'clickstream_events', 'fraud-detection'],
    ]);
  });

  it('logs a failing Flink without throwing, and asks again next pass', async () => {
    const { lineage, calls, stored, logger, heal } = setUp([
      job('broken', 'RUNNING'),
    ]);
    await expect(lineage.run()).resolves.toBeUndefined();
    expect(stored).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('job broken'),
    );
    heal();
    await lineage.run();
    await lineage.run();
    expect(calls).toEqual(['broken', 'broken']);
    expect(stored.map(e => e.job.name)).toEqual(['healed', 'healed']);
  });

  it("reads a running job's plan again once a day, so its edges do not expire", async () => {
    const { lineage, calls, stored } = setUp(
      [job(streaming.jid, 'RUNNING')],
      24 * 3600_000,
    );
    let now = Date.parse('2026-12-02T10:00:00Z');
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      await lineage.run();
      now += 23 * 3600_000;
      await lineage.run();
      expect(calls).toEqual([streaming.jid]);
      now += 2 * 3600_000;
      await lineage.run();
      expect(calls).toEqual([streaming.jid, streaming.jid]);
      expect(stored).toHaveLength(4);
    } finally {
      clock.mockRestore();
    }
  });

  it('reads a job again when it runs again after stopping', async () => {
    const { lineage, calls, snapshot } = setUp([job(streaming.jid, 'RUNNING')]);
    await lineage.run();
    snapshot.data.jobs = [job(streaming.jid, 'RESTARTING')];
    await lineage.run();
    snapshot.data.jobs = [job(streaming.jid, 'RUNNING')];
    await lineage.run();
    expect(calls).toEqual([streaming.jid, streaming.jid]);
  });
});
