import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { objectRef, type K8sObject } from '@internal/lakehouse-test-utils';
import { REPO_ROOT } from './render';

/** One permission: `group/resource verb` ('' is the core group), e.g. `ray.io/rayjobs list`. */
export type Access = string;
export const access = (group: string, resource: string, verb: string) =>
  `${group}/${resource} ${verb}`;

/**
 * The Kubernetes plugin's object types (@backstage/plugin-kubernetes-backend's DEFAULT_OBJECTS):
 * what it lists when `kubernetes.objectTypes` is not configured, and the group of each.
 */
const OBJECT_TYPE_GROUPS: Record<string, string> = {
  pods: '',
  services: '',
  configmaps: '',
  limitranges: '',
  resourcequotas: '',
  deployments: 'apps',
  replicasets: 'apps',
  horizontalpodautoscalers: 'autoscaling',
  jobs: 'batch',
  cronjobs: 'batch',
  ingresses: 'networking.k8s.io',
  statefulsets: 'apps',
  daemonsets: 'apps',
};

/** The plugin's proxy endpoint, as the Kubernetes tab's pod drawer uses it (logs, events). */
const PROXY_ACCESS = [
  access('', 'pods/log', 'get'),
  access('', 'events', 'list'),
];

const KUBERNETES_SRC = 'plugins/lakehouse-backend/src/engines/kubernetes';

/** The lakehouse backend's custom-resource kinds, read from its source (it lists and gets them). */
export function lakehouseKinds(): {
  group: string;
  plural: string;
  kind: string;
}[] {
  const file = path.join(REPO_ROOT, KUBERNETES_SRC, 'customResourceKinds.ts');
  const text = fs.readFileSync(file, 'utf8');
  const kinds = [
    ...text.matchAll(
      /group:\s*'([^']+)',[^}]*?plural:\s*'([^']+)',\s*kind:\s*'([^']+)'/gs,
    ),
  ].map(m => ({ group: m[1], plural: m[2], kind: m[3] }));
  if (kinds.length === 0)
    throw new Error(`${file}: no { group, plural, kind } entries found`);
  return kinds;
}

/** The kind each engine's submissions become, read from the backend's source (jobResources.ts). */
export function submittedKinds(): Record<
  string,
  { group: string; plural: string }
> {
  const file = path.join(REPO_ROOT, KUBERNETES_SRC, 'jobResources.ts');
  const text = fs.readFileSync(file, 'utf8');
  const kinds = lakehouseKinds();
  const pairs = [...text.matchAll(/kindOf\('(\w+)', '(\w+)'\)/g)].map(m => {
    const k = kinds.find(x => x.kind === m[2]);
    if (!k)
      throw new Error(`${file}: ${m[2]} is not one of the backend's kinds`);
    return [m[1], k] as const;
  });
  if (pairs.length === 0)
    throw new Error(`${file}: no kindOf(engine, kind) found`);
  return Object.fromEntries(pairs);
}

/**
 * The config files the portal's container loads, in order (its `--config` args), each read
 * from the repository or, under a ConfigMap mount, from the rendered ConfigMap.
 */
export function portalConfigStack(objects: K8sObject[]): unknown[] {
  const deployment = objects.find(o => objectRef(o) === 'Deployment/portal');
  if (!deployment) throw new Error('Deployment/portal not rendered');
  const pod = deployment.spec.template.spec;
  const container = pod.containers.find((c: any) => c.name === 'backend');
  const args: string[] = container.args ?? [];
  const files = args.flatMap((a, i) => (args[i - 1] === '--config' ? [a] : []));
  return files.map(file => {
    if (!path.isAbsolute(file))
      return parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
    const mount = (container.volumeMounts ?? []).find((m: any) =>
      file.startsWith(`${m.mountPath}/`),
    );
    const volume = pod.volumes?.find((v: any) => v.name === mount?.name);
    const cm = objects.find(
      o =>
        o.kind === 'ConfigMap' && o.metadata.name === volume?.configMap?.name,
    );
    const key = mount && file.slice(mount.mountPath.length + 1);
    if (!cm || !key || cm.data?.[key] === undefined)
      throw new Error(`--config ${file}: not a key of a mounted ConfigMap`);
    return parse(cm.data[key]);
  });
}

/** The value of a dotted key as Backstage resolves it: the last file that sets it (arrays replace). */
export function effective(stack: unknown[], dotted: string): unknown {
  let value: unknown;
  for (const doc of stack) {
    let node: any = doc;
    for (const k of dotted.split('.')) node = node?.[k];
    if (node !== undefined) value = node;
  }
  return value;
}

/** Every access the portal's code needs with its ServiceAccount, under this deployment's config. */
export function portalNeeds(objects: K8sObject[]): Access[] {
  const stack = portalConfigStack(objects);
  const objectTypes =
    (effective(stack, 'kubernetes.objectTypes') as string[] | undefined) ??
    Object.keys(OBJECT_TYPE_GROUPS);
  const customResources =
    (effective(stack, 'kubernetes.customResources') as
      | { group: string; plural: string }[]
      | undefined) ?? [];
  const needs = new Set<Access>(PROXY_ACCESS);
  for (const t of objectTypes) {
    if (!(t in OBJECT_TYPE_GROUPS))
      throw new Error(`kubernetes.objectTypes: unknown type '${t}'`);
    needs.add(access(OBJECT_TYPE_GROUPS[t], t, 'list'));
  }
  for (const r of customResources) needs.add(access(r.group, r.plural, 'list'));
  for (const k of lakehouseKinds()) {
    needs.add(access(k.group, k.plural, 'list'));
    needs.add(access(k.group, k.plural, 'get'));
  }
  const clusters =
    (effective(stack, 'lakehouse.kubernetes.clusters') as
      | { submit?: Record<string, unknown>; watch?: boolean }[]
      | undefined) ?? [];
  // Watched unless a cluster says `watch: false`.
  if (clusters.some(c => c.watch !== false))
    for (const k of lakehouseKinds())
      needs.add(access(k.group, k.plural, 'watch'));
  // Submissions: server-side apply creates (create) or changes (patch) the submitted kind; cancel deletes it.
  const submitted = submittedKinds();
  for (const c of clusters)
    for (const engine of ['spark', 'flink', 'ray'])
      if (c.submit?.[engine])
        for (const verb of ['create', 'patch', 'delete'])
          needs.add(
            access(submitted[engine].group, submitted[engine].plural, verb),
          );
  return [...needs].sort();
}

/** What a Role grants, one entry per group × resource × verb. */
export function roleGrants(role: K8sObject): Access[] {
  const out = new Set<Access>();
  for (const rule of role.rules ?? [])
    for (const g of rule.apiGroups ?? [])
      for (const r of rule.resources ?? [])
        for (const v of rule.verbs ?? []) out.add(access(g, r, v));
  return [...out].sort();
}
