import type { K8sObject } from '@internal/lakehouse-test-utils';
import {
  mayReach,
  policiesFor,
  renderedPods,
  type Peer,
  type Target,
} from './__testUtils__/networkPolicy';
import { OVERLAYS, renderKustomization } from './__testUtils__/render';

/**
 * Who may reach which port, by evaluating the rendered NetworkPolicies against the rendered pods'
 * labels (and the labels the operators put on the pods of submitted jobs). The harness has no CNI,
 * so nothing here is enforced traffic: apply.integration.ts has the API server accept the objects.
 */
const NS = { 'kubernetes.io/metadata.name': 'ecommerce-platform' };

/** Pods of submitted jobs as their operators label them, copying the platform's labels. */
const JOBS: Peer[] = [
  {
    name: 'SparkApplication driver posing as a worker',
    labels: {
      app: 'spark',
      component: 'worker',
      'spark-role': 'driver',
      'sparkoperator.k8s.io/launched-by-spark-operator': 'true',
    },
    namespaceLabels: NS,
  },
  {
    name: 'SparkApplication executor posing as the portal',
    labels: { app: 'portal', 'spark-role': 'executor' },
    namespaceLabels: NS,
  },
  {
    name: 'FlinkDeployment TaskManager named flink',
    labels: {
      app: 'flink',
      component: 'taskmanager',
      type: 'flink-native-kubernetes',
    },
    namespaceLabels: NS,
  },
  {
    name: "RayJob cluster's head copying the persistent cluster's labels",
    labels: {
      app: 'ray',
      component: 'head',
      'ray-cluster': 'persistent',
      'ray.io/cluster': 'train-xyz-raycluster-abc',
      'ray.io/node-type': 'head',
    },
    namespaceLabels: NS,
  },
  {
    name: 'RayJob submitter Job posing as the portal',
    labels: { app: 'portal', 'batch.kubernetes.io/job-name': 'train-xyz' },
    namespaceLabels: NS,
  },
];
const OPERATOR: Peer = {
  name: 'KubeRay operator',
  labels: { 'app.kubernetes.io/name': 'kuberay-operator' },
  namespaceLabels: { 'lakehouse-platform/engine-operator': 'true' },
};
const OUTSIDER: Peer = {
  name: 'pod of another namespace labelled app: portal',
  labels: { app: 'portal' },
  namespaceLabels: { 'kubernetes.io/metadata.name': 'default' },
};

/** The shared clusters' unauthenticated admin APIs. */
const ADMIN_APIS: [string, number][] = [
  ['spark-master', 6066],
  ['spark-master', 7077],
  ['spark-master', 8080],
  ['flink-jobmanager', 8081],
  ['ray-head', 8265],
  ['ray-head', 10001],
];

describe.each(['base', ...OVERLAYS.map(o => `overlays/${o}`)])(
  'NetworkPolicies of k8s/%s',
  target => {
    const objects = renderKustomization(target);
    const policies = objects.filter(o => o.kind === 'NetworkPolicy');
    const pods = renderedPods(objects);
    const pod = (name: string): Target => {
      const found = pods.filter(p => {
        const short = p.name.replace(/^[^/]+\//, '');
        return (
          short.startsWith(`${name}:`) ||
          (name === 'ray-head' && /RayCluster.*headGroupSpec/.test(p.name)) ||
          (name === 'ray-worker' &&
            /RayCluster.*workerGroupSpecs/.test(p.name)) ||
          (name === 'serving-head' &&
            /RayService\/recommender-serving.*headGroupSpec/.test(p.name)) ||
          (name === 'serving-worker' &&
            /RayService\/recommender-serving.*workerGroupSpecs/.test(p.name))
        );
      });
      if (found.length !== 1) throw new Error(`no single pod '${name}'`);
      return found[0];
    };
    const peer = (name: string): Peer => ({
      name,
      labels: pod(name).labels,
      namespaceLabels: NS,
    });
    const reach = (from: Peer, to: string, port: number, sameNs = true) =>
      mayReach(policies, from, pod(to), port, sameNs);

    it('isolates every port of every platform pod (a policy decides who reaches it)', () => {
      expect(pods.length).toBeGreaterThanOrEqual(9);
      expect(
        pods
          .filter(p => policiesFor(policies, p).length === 0)
          .map(p => p.name),
      ).toEqual([]);
      // The engine ports the policies are written for are still where they were.
      const exposed = (name: string) =>
        pod(name).ports.map(p => p.containerPort);
      expect(exposed('spark-master')).toEqual(
        expect.arrayContaining([6066, 7077, 8080]),
      );
      expect(exposed('flink-jobmanager')).toContain(8081);
      expect(exposed('ray-head')).toEqual(
        expect.arrayContaining([8265, 10001]),
      );
      expect(exposed('nessie')).toContain(19120);
      expect(exposed('minio')).toContain(9000);
      expect(exposed('portal')).toContain(7007);
      expect(exposed('serving-head')).toEqual(
        expect.arrayContaining([8265, 8000]),
      );
    });

    it('lets submitted jobs reach the data but no engine admin API', () => {
      const table = JOBS.map(job => ({
        job: job.name,
        admin: ADMIN_APIS.filter(([to, port]) => reach(job, to, port)),
        nessie: reach(job, 'nessie', 19120),
        s3: reach(job, 'minio', 9000),
      }));
      expect(table).toEqual(
        JOBS.map(job => ({ job: job.name, admin: [], nessie: true, s3: true })),
      );
    });

    it('lets the portal reach the APIs it calls, and only those', () => {
      const portal = peer('portal');
      expect(
        ADMIN_APIS.filter(([to, port]) => reach(portal, to, port)),
      ).toEqual([
        ['spark-master', 6066],
        ['spark-master', 8080],
        ['flink-jobmanager', 8081],
        ['ray-head', 8265],
      ]);
      expect(reach(portal, 'nessie', 19120)).toBe(true);
      expect(reach(portal, 'minio', 9000)).toBe(true);
      // The recommendation service's health (its own dashboard) and answers.
      expect(reach(portal, 'serving-head', 8265)).toBe(true);
      expect(reach(portal, 'serving-head', 8000)).toBe(true);
    });

    it('lets the Spark workers, where submitted drivers run, post lineage to the portal', () => {
      expect(reach(peer('spark-worker'), 'portal', 7007)).toBe(true);
    });

    it("keeps the recommendation service's Ray cluster to itself, its API open", () => {
      const head = peer('serving-head');
      const worker = peer('serving-worker');
      expect(reach(worker, 'serving-head', 6379)).toBe(true);
      expect(reach(head, 'serving-worker', 52365)).toBe(true);
      expect(reach(OPERATOR, 'serving-head', 8265, false)).toBe(true);
      expect(reach(OUTSIDER, 'serving-worker', 8000, false)).toBe(true);
      for (const outsider of [...JOBS, peer('ray-worker'), OUTSIDER]) {
        const sameNs = outsider !== OUTSIDER;
        expect([
          outsider.name,
          reach(outsider, 'serving-head', 8265, sameNs),
          reach(outsider, 'serving-head', 6379, sameNs),
        ]).toEqual([outsider.name, false, false]);
      }
      // ... and the shared cluster's admin API stays closed to it.
      expect(reach(head, 'ray-head', 8265)).toBe(false);
    });

    it("lets each engine's own pods reach each other", () => {
      expect(reach(peer('spark-worker'), 'spark-master', 7077)).toBe(true);
      expect(reach(peer('spark-master'), 'spark-worker', 8881)).toBe(true);
      expect(reach(peer('flink-taskmanager'), 'flink-jobmanager', 6123)).toBe(
        true,
      );
      expect(reach(peer('flink-taskmanager'), 'flink-jobmanager', 6124)).toBe(
        true,
      );
      expect(reach(peer('flink-jobmanager'), 'flink-taskmanager', 6122)).toBe(
        true,
      );
      expect(reach(peer('ray-worker'), 'ray-head', 6379)).toBe(true);
      expect(reach(peer('ray-head'), 'ray-worker', 52365)).toBe(true);
      // ... but not another engine's admin API.
      expect(reach(peer('ray-worker'), 'spark-master', 6066)).toBe(false);
      expect(reach(peer('spark-worker'), 'flink-jobmanager', 8081)).toBe(false);
      expect(reach(peer('flink-taskmanager'), 'ray-head', 8265)).toBe(false);
    });

    it('lets the operators reach the Ray Jobs API only; other namespaces reach the portal and Ray Serve', () => {
      expect(
        ADMIN_APIS.filter(([to, port]) => reach(OPERATOR, to, port, false)),
      ).toEqual([['ray-head', 8265]]);
      expect(
        ADMIN_APIS.filter(([to, port]) => reach(OUTSIDER, to, port, false)),
      ).toEqual([]);
      expect(reach(OUTSIDER, 'nessie', 19120, false)).toBe(false);
      expect(reach(OUTSIDER, 'minio', 9000, false)).toBe(false);
      expect(reach(OUTSIDER, 'portal', 7007, false)).toBe(true);
      expect(reach(OUTSIDER, 'ray-head', 8000, false)).toBe(true);
    });
  },
);

describe('mayReach', () => {
  const target: Target = {
    name: 'api',
    labels: { app: 'api' },
    ports: [{ name: 'http', containerPort: 80 }],
  };
  const policy = (spec: object): K8sObject =>
    ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p' },
      spec: { podSelector: { matchLabels: { app: 'api' } }, ...spec },
    } as K8sObject);
  const client: Peer = { name: 'c', labels: { app: 'c' }, namespaceLabels: {} };

  it('allows everything to a pod no policy selects, nothing to an isolated one', () => {
    expect(mayReach([], client, target, 80)).toBe(true);
    expect(
      mayReach([policy({ policyTypes: ['Ingress'] })], client, target, 80),
    ).toBe(false);
  });

  it('matches named ports, expressions and peers', () => {
    const p = policy({
      ingress: [
        {
          from: [
            {
              podSelector: {
                matchExpressions: [
                  { key: 'app', operator: 'In', values: ['c'] },
                  { key: 'role', operator: 'DoesNotExist' },
                ],
              },
            },
          ],
          ports: [{ port: 'http' }],
        },
      ],
    });
    expect(mayReach([p], client, target, 80)).toBe(true);
    expect(mayReach([p], client, target, 81)).toBe(false);
    expect(
      mayReach([p], { ...client, labels: { app: 'c', role: 'x' } }, target, 80),
    ).toBe(false);
    expect(mayReach([p], client, target, 80, false)).toBe(false);
  });
});
