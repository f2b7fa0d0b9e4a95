import {
  isWorkload,
  objectRef,
  podTemplates,
  type K8sObject,
} from '@internal/lakehouse-test-utils';

/**
 * NetworkPolicy semantics (ingress only), evaluated on labels, for tests: no CNI runs in the
 * harness, so what the API server accepts is checked there and who may reach whom is checked here.
 */
export type Labels = Record<string, string>;

export interface Selector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A pod that opens connections: its labels and its namespace's labels. */
export interface Peer {
  name: string;
  labels: Labels;
  namespaceLabels: Labels;
}

/** A pod that accepts them: its labels and its containers' named ports. */
export interface Target {
  name: string;
  labels: Labels;
  ports: { name?: string; containerPort: number }[];
}

export function matches(selector: Selector, labels: Labels): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(
    ([k, v]) => labels[k] === v,
  );
  return (
    byLabel &&
    (selector.matchExpressions ?? []).every(e => {
      const has = e.key in labels;
      switch (e.operator) {
        case 'In':
          return has && (e.values ?? []).includes(labels[e.key]);
        case 'NotIn':
          return !has || !(e.values ?? []).includes(labels[e.key]);
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        default:
          throw new Error(`unknown selector operator ${e.operator}`);
      }
    })
  );
}

const isIngressPolicy = (p: K8sObject) =>
  p.kind === 'NetworkPolicy' &&
  (p.spec.policyTypes ?? ['Ingress']).includes('Ingress');

/** The policies that isolate this pod for ingress (none: it accepts everything). */
export function policiesFor(policies: K8sObject[], target: Target) {
  return policies.filter(
    p => isIngressPolicy(p) && matches(p.spec.podSelector ?? {}, target.labels),
  );
}

function portMatches(
  rulePort: { port?: number | string; protocol?: string },
  target: Target,
  port: number,
): boolean {
  if ((rulePort.protocol ?? 'TCP') !== 'TCP') return false;
  if (rulePort.port === undefined) return true;
  if (typeof rulePort.port === 'number') return rulePort.port === port;
  return target.ports.some(
    p => p.name === rulePort.port && p.containerPort === port,
  );
}

/** Whether `from` may open a TCP connection to `port` of `target`, both in the policies' namespace. */
export function mayReach(
  policies: K8sObject[],
  from: Peer,
  target: Target,
  port: number,
  sameNamespace = true,
): boolean {
  const selecting = policiesFor(policies, target);
  if (selecting.length === 0) return true;
  return selecting.some(p =>
    (p.spec.ingress ?? []).some((rule: any) => {
      const portOk =
        !rule.ports?.length ||
        rule.ports.some((rp: any) => portMatches(rp, target, port));
      const fromOk =
        !rule.from?.length ||
        rule.from.some((peer: any) => {
          if (peer.ipBlock) return false;
          const nsOk = peer.namespaceSelector
            ? matches(peer.namespaceSelector, from.namespaceLabels)
            : sameNamespace;
          const podOk = peer.podSelector
            ? matches(peer.podSelector, from.labels)
            : true;
          return nsOk && podOk;
        });
      return portOk && fromOk;
    }),
  );
}

/** Every pod template of the rendered workloads, with its labels and container ports. */
export function renderedPods(objects: K8sObject[]): Target[] {
  return objects.filter(isWorkload).flatMap(obj =>
    podTemplates(obj).map(({ path, template }) => {
      const labels: Labels = { ...(template?.metadata?.labels ?? {}) };
      // KubeRay labels every pod it creates with its cluster's name and node type; the cluster of a
      // RayService or RayJob is named after it with a random suffix.
      if (['RayCluster', 'RayService', 'RayJob'].includes(obj.kind)) {
        labels['ray.io/cluster'] =
          obj.kind === 'RayCluster'
            ? obj.metadata.name
            : `${obj.metadata.name}-x7k2p`;
        labels['ray.io/node-type'] = path.includes('headGroupSpec')
          ? 'head'
          : 'worker';
      }
      // The Job controller labels the pods of a Job.
      if (obj.kind === 'Job')
        labels['batch.kubernetes.io/job-name'] = obj.metadata.name;
      return {
        name: `${objectRef(obj)}:${path}`,
        labels,
        ports: (template?.spec?.containers ?? []).flatMap(
          (c: any) => c.ports ?? [],
        ),
      };
    }),
  );
}
