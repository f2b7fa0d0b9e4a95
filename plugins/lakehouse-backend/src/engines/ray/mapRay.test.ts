import clusterStatus from './__fixtures__/cluster-status.json';
import jobsCompleted from './__fixtures__/jobs-completed.json';
import jobsRunning from './__fixtures__/jobs-running.json';
import nodes from './__fixtures__/nodes.json';
import { mapRayCluster, mapRayServe } from './mapRay';
import {
  rayClusterStatusSchema,
  rayJobsSchema,
  rayNodesSchema,
} from './raySchemas';

// Fixtures recorded from the local Ray 2.60 head by scripts/record-fixtures.py.
const URL = 'http://127.0.0.1:8265';
const NOW = Date.parse('2026-11-26T18:37:21.165Z');
const ctx = { instance: 'local', url: URL, now: NOW };
const link = (id: string) => [
  { title: 'Ray dashboard', url: `${URL}/#/jobs/${id}` },
];

describe('mapRayCluster', () => {
  it('maps nodes, resources and a running job', () => {
    const data = mapRayCluster(
      rayNodesSchema.parse(nodes),
      rayClusterStatusSchema.parse(clusterStatus),
      rayJobsSchema.parse(jobsRunning),
      ctx,
    );
    expect(data).toStrictEqual({
      cluster: {
        nodeKind: 'node',
        nodes: { alive: 1, total: 1 },
        cpu: { used: 0, total: 2 },
        memoryBytes: { used: 0, total: 2147483648 },
      },
      jobs: [
        {
          id: 'raysubmit_ijkVRTQF4RKcrHEX',
          name: 'fixture-ok',
          engine: 'ray',
          instance: 'local',
          kind: 'job',
          state: 'RUNNING',
          rawState: 'RUNNING',
          startTime: '2026-11-26T18:37:11.165Z',
          durationMs: 10_000,
          links: link('raysubmit_ijkVRTQF4RKcrHEX'),
        },
      ],
    });
  });

  it('maps a succeeded and a failed job', () => {
    const { jobs } = mapRayCluster(
      rayNodesSchema.parse(nodes),
      rayClusterStatusSchema.parse(clusterStatus),
      rayJobsSchema.parse(jobsCompleted),
      ctx,
    );
    expect(jobs).toStrictEqual([
      {
        id: 'raysubmit_ijkVRTQF4RKcrHEX',
        name: 'fixture-ok',
        engine: 'ray',
        instance: 'local',
        kind: 'job',
        state: 'SUCCEEDED',
        rawState: 'SUCCEEDED',
        startTime: '2026-11-26T18:37:11.165Z',
        endTime: '2026-11-26T18:37:28.723Z',
        durationMs: 17_558,
        links: link('raysubmit_ijkVRTQF4RKcrHEX'),
      },
      {
        id: 'raysubmit_vvtwx3cY3nJ91PTr',
        name: 'fixture-fail',
        engine: 'ray',
        instance: 'local',
        kind: 'job',
        state: 'FAILED',
        rawState: 'FAILED',
        startTime: '2026-11-26T18:37:29.644Z',
        endTime: '2026-11-26T18:37:32.907Z',
        durationMs: 3_263,
        links: link('raysubmit_vvtwx3cY3nJ91PTr'),
      },
    ]);
  });
});

describe('mapRayServe', () => {
  it('lists Serve applications with their status', () => {
    // Shape of Ray's Serve REST API (`GET /api/serve/applications/`); Serve is not installed locally.
    expect(
      mapRayServe({
        applications: {
          recommendation_app: {
            name: 'recommendation_app',
            status: 'RUNNING',
            route_prefix: '/',
          },
          broken: {
            name: 'broken',
            status: 'DEPLOY_FAILED',
            route_prefix: null,
          },
        },
      }),
    ).toStrictEqual([
      { name: 'recommendation_app', rawStatus: 'RUNNING', routePrefix: '/' },
      { name: 'broken', rawStatus: 'DEPLOY_FAILED' },
    ]);
  });
});
