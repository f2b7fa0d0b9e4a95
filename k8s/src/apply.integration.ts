import {
  NAMESPACE,
  objectRef,
  type K8sObject,
} from '@internal/lakehouse-test-utils';
import {
  kubeDown,
  kubeRequest,
  kubeUp,
  ResourcePaths,
  type KubeHarness,
} from './__testUtils__/kubeApi';
import { access, portalNeeds, type Access } from './__testUtils__/portalAccess';
import { OVERLAYS, renderKustomization } from './__testUtils__/render';

/**
 * Every overlay applied server-side to the harness's real kube-apiserver (local-platform/kube:
 * kine on SQLite, RBAC on, the operators' CRDs installed, Pod Security admission on), then the
 * portal's ServiceAccount checked by the API server's own authorizer. No controller manager runs:
 * no pod starts, so NetworkPolicies are accepted but not enforced (networkPolicies.test.ts
 * evaluates them), and namespace deletion is finished here (objects deleted, then finalized).
 */
jest.setTimeout(600_000);

const PORTAL_USER = `system:serviceaccount:${NAMESPACE}:portal`;
const PORTAL_GROUPS = [
  'system:serviceaccounts',
  `system:serviceaccounts:${NAMESPACE}`,
  'system:authenticated',
];
const FIELD_MANAGER = 'lakehouse-k8s-apply-test';
const AUTHZ = '/apis/authorization.k8s.io/v1';

let kube: KubeHarness;
let paths: ResourcePaths;
const api = (method: string, p: string, body?: unknown, ct?: string) =>
  kubeRequest(kube.server, kube.token, method, p, body, ct);
/** Everything any overlay creates: what cleanup deletes. */
const everything = OVERLAYS.flatMap(o => renderKustomization(`overlays/${o}`));

/** Deletes every object the overlays create, then the namespace, and finalizes it; throws if any remains. */
async function removeAll(): Promise<void> {
  const nsPath = `/api/v1/namespaces/${NAMESPACE}`;
  if ((await api('GET', nsPath)).status === 404) return;
  const namespaced = everything.filter(o => o.kind !== 'Namespace');
  for (const obj of namespaced) {
    const p = await paths.pathOf(obj);
    const res = await api('DELETE', `${p}?propagationPolicy=Background`);
    if (![200, 202, 404].includes(res.status))
      throw new Error(`DELETE ${objectRef(obj)}: HTTP ${res.status}`);
    // Finalizers only controllers remove (kubernetes.io/pvc-protection): done in their place.
    if (res.body?.metadata?.finalizers?.length) {
      await api(
        'PATCH',
        p,
        { metadata: { finalizers: null } },
        'application/merge-patch+json',
      );
    }
  }
  await api('DELETE', nsPath);
  // The namespace controller would empty and finalize it; the harness runs none.
  const ns = await api('GET', nsPath);
  if (ns.status === 200) {
    const put = await api('PUT', `${nsPath}/finalize`, {
      ...ns.body,
      spec: { finalizers: [] },
    });
    if (put.status !== 200 && put.status !== 404)
      throw new Error(`finalize ${NAMESPACE}: HTTP ${put.status}`);
  }
  const lingering: string[] = [];
  for (const obj of everything) {
    if ((await api('GET', await paths.pathOf(obj))).status !== 404)
      lingering.push(objectRef(obj));
  }
  if (lingering.length)
    throw new Error(`still on the API server: ${lingering.join(', ')}`);
}

beforeAll(async () => {
  kube = await kubeUp();
  paths = new ResourcePaths((m, p) => api(m, p));
  // A run that died half-way leaves its objects behind: start from nothing.
  await removeAll();
}, 1_800_000);

afterAll(async () => {
  if (paths) await removeAll();
  if (kube?.started.length) await kubeDown();
}, 300_000);

/** SubjectAccessReview: may `user` do this? Answered by the API server's RBAC authorizer. */
async function allowed(
  a: Access,
  namespace: string = NAMESPACE,
): Promise<boolean> {
  const [groupResource, verb] = a.split(' ');
  const slash = groupResource.indexOf('/');
  const group = groupResource.slice(0, slash);
  const [resource, subresource] = groupResource.slice(slash + 1).split('/');
  const res = await api('POST', `${AUTHZ}/subjectaccessreviews`, {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: {
      user: PORTAL_USER,
      groups: PORTAL_GROUPS,
      resourceAttributes: {
        namespace,
        verb,
        group,
        resource,
        ...(subresource ? { subresource } : {}),
      },
    },
  });
  if (res.status !== 201)
    throw new Error(`SubjectAccessReview ${a}: HTTP ${res.status}`);
  return res.body.status.allowed === true;
}

const VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
];
/** What an attacker holding the portal's token would try, next to what the code uses. */
function candidates(objects: K8sObject[]): Access[] {
  const resources = [
    ['', 'pods'],
    ['', 'services'],
    ['', 'configmaps'],
    ['', 'secrets'],
    ['', 'events'],
    ['', 'serviceaccounts'],
    ['', 'persistentvolumeclaims'],
    ['apps', 'deployments'],
    ['apps', 'replicasets'],
    ['apps', 'statefulsets'],
    ['apps', 'daemonsets'],
    ['batch', 'jobs'],
    ['batch', 'cronjobs'],
    ['rbac.authorization.k8s.io', 'roles'],
    ['rbac.authorization.k8s.io', 'rolebindings'],
    ['networking.k8s.io', 'networkpolicies'],
    ['ray.io', 'rayclusters'],
    ['ray.io', 'rayjobs'],
    ['ray.io', 'rayservices'],
    ['sparkoperator.k8s.io', 'sparkapplications'],
    ['sparkoperator.k8s.io', 'scheduledsparkapplications'],
    ['flink.apache.org', 'flinkdeployments'],
    ['flink.apache.org', 'flinksessionjobs'],
  ];
  const subresources = [
    access('', 'pods/log', 'get'),
    access('', 'pods/exec', 'create'),
    access('', 'pods/exec', 'get'),
    access('', 'pods/attach', 'create'),
    access('', 'pods/portforward', 'create'),
    access('', 'pods/eviction', 'create'),
    access('', 'serviceaccounts/token', 'create'),
    access('ray.io', 'rayjobs/status', 'update'),
    access('ray.io', 'rayclusters/status', 'patch'),
  ];
  return [
    ...new Set([
      ...portalNeeds(objects),
      ...resources.flatMap(([g, r]) => VERBS.map(v => access(g, r, v))),
      ...subresources,
    ]),
  ].sort();
}

async function inBatches<T, R>(items: T[], fn: (t: T) => Promise<R>) {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 16)
    out.push(...(await Promise.all(items.slice(i, i + 16).map(fn))));
  return out;
}

describe.each(OVERLAYS)('k8s/overlays/%s on a real kube-apiserver', overlay => {
  const objects = renderKustomization(`overlays/${overlay}`);
  const needs = portalNeeds(objects);

  // Deleted after each overlay: PVC specs are immutable, production's sizes differ from local's.
  afterAll(removeAll, 300_000);

  it('accepts every object applied server-side, with no Pod Security warning', async () => {
    const ordered = [
      ...objects.filter(o => o.kind === 'Namespace'),
      ...objects.filter(o => o.kind !== 'Namespace'),
    ];
    expect(ordered[0] && objectRef(ordered[0])).toBe(`Namespace/${NAMESPACE}`);
    const refused: string[] = [];
    const warnings: string[] = [];
    for (const obj of ordered) {
      const res = await api(
        'PATCH',
        `${await paths.pathOf(obj)}?fieldManager=${FIELD_MANAGER}&force=true`,
        obj,
        'application/apply-patch+yaml',
      );
      if (res.status !== 200 && res.status !== 201)
        refused.push(
          `${objectRef(obj)}: HTTP ${res.status} ${res.body?.message ?? ''}`,
        );
      warnings.push(...res.warnings.map(w => `${objectRef(obj)}: ${w}`));
    }
    expect(refused).toEqual([]);
    // The namespace warns at `restricted`: a container without the restricted settings would
    // show here, as the API server's Pod Security admission judges the workloads' templates.
    expect(warnings).toEqual([]);
    // Each object is stored, owned by this field manager.
    const stored = await inBatches(ordered, async obj => {
      const res = await api('GET', await paths.pathOf(obj));
      const managers = (res.body?.metadata?.managedFields ?? []).map(
        (f: any) => f.manager,
      );
      return res.status === 200 && managers.includes(FIELD_MANAGER)
        ? []
        : [`${objectRef(obj)}: HTTP ${res.status}`];
    });
    expect(stored.flat()).toEqual([]);
  });

  it('gives the portal ServiceAccount exactly the verbs its code uses (SubjectAccessReview)', async () => {
    const matrix = candidates(objects);
    const answers = await inBatches(matrix, a => allowed(a));
    const granted = matrix.filter((_, i) => answers[i]);
    expect(granted).toEqual(needs);
    expect(matrix.length - granted.length).toBeGreaterThan(150);

    // Nothing outside the namespace, nothing cluster-wide.
    const elsewhere = await inBatches(
      [
        ...needs.map(a => [a, 'default'] as const),
        ...needs.map(a => [a, 'kube-system'] as const),
        ...needs.map(a => [a, ''] as const),
        [access('', 'namespaces', 'list'), ''] as const,
        [access('', 'nodes', 'list'), ''] as const,
        [access('', 'persistentvolumes', 'list'), ''] as const,
        [
          access('apiextensions.k8s.io', 'customresourcedefinitions', 'list'),
          '',
        ] as const,
        [
          access('rbac.authorization.k8s.io', 'clusterroles', 'list'),
          '',
        ] as const,
        [
          access('rbac.authorization.k8s.io', 'clusterrolebindings', 'create'),
          '',
        ] as const,
      ],
      async ([a, ns]) => ((await allowed(a, ns)) ? [`${a} in '${ns}'`] : []),
    );
    expect(elsewhere.flat()).toEqual([]);
  });

  it('mints a token for the portal (TokenRequest) that the API server authorizes the same way', async () => {
    const minted = await api(
      'POST',
      `/api/v1/namespaces/${NAMESPACE}/serviceaccounts/portal/token`,
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 600 },
      },
    );
    expect(minted.status).toBe(201);
    const token: string = minted.body.status.token;
    const as = (method: string, p: string, body?: unknown) =>
      kubeRequest(kube.server, token, method, p, body);

    const whoami = await as(
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    );
    expect(whoami.body.status.userInfo.username).toBe(PORTAL_USER);

    const self = async (verb: string, group: string, resource: string) =>
      (
        await as('POST', `${AUTHZ}/selfsubjectaccessreviews`, {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: { namespace: NAMESPACE, verb, group, resource },
          },
        })
      ).body.status.allowed === true;
    expect(await self('list', 'ray.io', 'rayjobs')).toBe(true);
    expect(await self('watch', 'ray.io', 'rayjobs')).toBe(true);
    // Submissions write RayJobs, and only RayJobs.
    expect(await self('patch', 'ray.io', 'rayjobs')).toBe(true);
    expect(await self('create', 'ray.io', 'rayclusters')).toBe(false);
    expect(await self('delete', 'ray.io', 'rayservices')).toBe(false);
    expect(
      await self('create', 'sparkoperator.k8s.io', 'sparkapplications'),
    ).toBe(false);
    expect(await self('get', '', 'secrets')).toBe(false);

    // The rules the token holds in the namespace, beyond what every authenticated user holds.
    const rules = await as('POST', `${AUTHZ}/selfsubjectrulesreviews`, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      spec: { namespace: NAMESPACE },
    });
    expect(rules.status).toBe(201);
    const held = new Set<Access>();
    for (const r of rules.body.status.resourceRules ?? [])
      for (const g of r.apiGroups ?? [])
        for (const res of r.resources ?? [])
          for (const v of r.verbs ?? [])
            if (!['authorization.k8s.io', 'authentication.k8s.io'].includes(g))
              held.add(access(g, res, v));
    expect([...held].sort()).toEqual(needs);

    // And real requests with it.
    const ns = `/namespaces/${NAMESPACE}`;
    expect((await as('GET', `/apis/ray.io/v1${ns}/rayclusters`)).status).toBe(
      200,
    );
    expect(
      (await as('GET', `/apis/ray.io/v1${ns}/rayclusters/ray-cluster`)).status,
    ).toBe(200);
    expect((await as('GET', `/api/v1${ns}/pods`)).status).toBe(200);
    expect((await as('GET', `/api/v1${ns}/secrets`)).status).toBe(403);
    // A RayJob may be created (a submission; dry run, so nothing stays), a RayCluster may not.
    expect(
      (
        await as('POST', `/apis/ray.io/v1${ns}/rayjobs?dryRun=All`, {
          apiVersion: 'ray.io/v1',
          kind: 'RayJob',
          metadata: { name: 'submitted' },
          spec: { entrypoint: 'python -c "print(1)"' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await as('POST', `/apis/ray.io/v1${ns}/rayclusters?dryRun=All`, {
          apiVersion: 'ray.io/v1',
          kind: 'RayCluster',
          metadata: { name: 'not-allowed' },
          spec: {},
        })
      ).status,
    ).toBe(403);
  });
});
