import { K8sObject, Violation, objectRef } from './objects';

export const NAMESPACE = 'ecommerce-platform';
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/** Keys that name a credential: password, secret, access key, token. */
const SECRET_KEY = /(passw(or)?d|secret|access[-_.]?key|token)/i;
/** Values that point at a secret instead of holding one. */
const SECRET_REFERENCE =
  /^(urn:nessie-secret:\S+|\$\{[^}]+\}|\$\([^)]+\)|<[^>]*>)$/;

const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'RayCluster',
  'RayJob',
  'RayService',
  'SparkApplication',
  'ScheduledSparkApplication',
  'FlinkDeployment',
  'FlinkSessionJob',
]);
const PROBED_KINDS = new Set(['Deployment', 'StatefulSet', 'RayCluster']);

const READ_VERBS = ['get', 'list', 'watch'];

export function isWorkload(obj: K8sObject): boolean {
  return WORKLOAD_KINDS.has(obj.kind);
}

/** The pod templates of a workload, with a path for messages. */
export function podTemplates(
  obj: K8sObject,
): { path: string; template: any }[] {
  const spec = obj.spec ?? {};
  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return [{ path: 'spec.template', template: spec.template }];
    case 'CronJob':
      return [
        {
          path: 'spec.jobTemplate.spec.template',
          template: spec.jobTemplate?.spec?.template,
        },
      ];
    case 'RayCluster':
      return rayClusterTemplates(spec, 'spec');
    case 'RayJob':
      return rayClusterTemplates(
        spec.rayClusterSpec ?? {},
        'spec.rayClusterSpec',
      );
    case 'RayService':
      return rayClusterTemplates(
        spec.rayClusterConfig ?? {},
        'spec.rayClusterConfig',
      );
    default:
      return [];
  }
}

function rayClusterTemplates(spec: any, base: string) {
  const out: { path: string; template: any }[] = [];
  if (spec.headGroupSpec) {
    out.push({
      path: `${base}.headGroupSpec.template`,
      template: spec.headGroupSpec.template,
    });
  }
  (spec.workerGroupSpecs ?? []).forEach((g: any, i: number) =>
    out.push({
      path: `${base}.workerGroupSpecs[${i}].template`,
      template: g.template,
    }),
  );
  return out;
}

/** Every rule below, over a whole rendered overlay. */
export function checkPolicy(objects: K8sObject[]): Violation[] {
  return [
    ...objects.flatMap(checkNoLiteralSecrets),
    ...objects.flatMap(checkImages),
    ...objects.flatMap(checkProbesAndResources),
    ...objects.flatMap(checkKubernetesId),
    ...checkPortalRbac(objects),
  ];
}

/** No credential-like key with a literal value in a ConfigMap or an env `value:`. */
export function checkNoLiteralSecrets(obj: K8sObject): Violation[] {
  const out: Violation[] = [];
  if (obj.kind === 'ConfigMap') {
    for (const [key, value] of Object.entries(obj.data ?? {})) {
      const where = `${objectRef(obj)}: data.${key}`;
      if (isLiteralSecret(key, value))
        out.push(`${where} holds a literal credential`);
      for (const line of secretLines(String(value)))
        out.push(`${where}: '${line}' holds a literal credential`);
    }
  }
  walk(obj, (node, path) => {
    if (!Array.isArray(node?.env)) return;
    node.env.forEach((e: any, i: number) => {
      if (typeof e?.value !== 'string') return;
      const where = `${objectRef(obj)}: ${path}.env[${i}] (${e.name})`;
      if (isLiteralSecret(e.name, e.value))
        out.push(`${where} has a literal credential in value:`);
      for (const line of secretLines(e.value))
        out.push(`${where}: '${line}' holds a literal credential`);
    });
  });
  return out;
}

function isLiteralSecret(key: string, value: unknown): boolean {
  const v = String(value ?? '')
    .trim()
    .replace(/^["']|["']$/g, '');
  return SECRET_KEY.test(key) && v !== '' && !SECRET_REFERENCE.test(v);
}

/** `key=value`, `key: value` and `key value` lines (properties, YAML, spark-defaults). */
function secretLines(text: string): string[] {
  if (!text.includes('\n')) return [];
  return text.split('\n').flatMap(raw => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return [];
    const m = line.match(/^([^\s=:]+)\s*(?:[=:]\s*|\s+)(.*)$/);
    return m && isLiteralSecret(m[1], m[2]) ? [m[1]] : [];
  });
}

/** Every image has an explicit tag (or digest) other than `latest`. */
export function checkImages(obj: K8sObject): Violation[] {
  const out: Violation[] = [];
  // SparkApplication / FlinkDeployment name their image in spec.image.
  if (typeof obj.spec?.image === 'string') {
    out.push(
      ...imageProblems(obj.spec.image).map(
        p => `${objectRef(obj)}: spec.image '${obj.spec.image}' ${p}`,
      ),
    );
  }
  walk(obj, (node, path) => {
    for (const field of ['containers', 'initContainers']) {
      if (!Array.isArray(node?.[field])) continue;
      node[field].forEach((c: any) => {
        const image = String(c?.image ?? '');
        const where = `${objectRef(obj)}: ${path}.${field}[${
          c?.name
        }].image '${image}'`;
        out.push(...imageProblems(image).map(p => `${where} ${p}`));
      });
    }
  });
  return out;
}

function imageProblems(image: string): string[] {
  const lastSegment = image.split('/').pop() ?? '';
  if (!image) return ['is missing'];
  if (!lastSegment.includes(':') && !image.includes('@sha256:'))
    return ['has no tag'];
  if (/:latest$/.test(image)) return ['uses :latest'];
  return [];
}

/** Long-running pods (Deployment, StatefulSet, RayCluster) declare probes and resources. */
export function checkProbesAndResources(obj: K8sObject): Violation[] {
  if (!PROBED_KINDS.has(obj.kind)) return [];
  return podTemplates(obj).flatMap(({ path, template }) =>
    (template?.spec?.containers ?? []).flatMap((c: any) => {
      const where = `${objectRef(obj)}: ${path}.spec.containers[${c.name}]`;
      const missing: string[] = [];
      if (!c.readinessProbe) missing.push('readinessProbe');
      if (!c.livenessProbe) missing.push('livenessProbe');
      for (const kind of ['requests', 'limits']) {
        for (const r of ['cpu', 'memory']) {
          if (!c.resources?.[kind]?.[r]) missing.push(`resources.${kind}.${r}`);
        }
      }
      return missing.map(m => `${where} has no ${m}`);
    }),
  );
}

/** Workloads and their pod templates carry the Backstage Kubernetes plugin's label. */
export function checkKubernetesId(obj: K8sObject): Violation[] {
  if (!isWorkload(obj)) return [];
  const out: Violation[] = [];
  if (!obj.metadata?.labels?.[KUBERNETES_ID_LABEL]) {
    out.push(
      `${objectRef(obj)}: metadata.labels has no ${KUBERNETES_ID_LABEL}`,
    );
  }
  for (const { path, template } of podTemplates(obj)) {
    if (!template?.metadata?.labels?.[KUBERNETES_ID_LABEL]) {
      out.push(
        `${objectRef(
          obj,
        )}: ${path}.metadata.labels has no ${KUBERNETES_ID_LABEL}`,
      );
    }
  }
  return out;
}

/** What the lakehouse backend's Kubernetes-mode submissions apply (create, patch) and cancel (delete), by group. */
const SUBMITTED_JOB_KINDS: Record<string, string> = {
  rayjobs: 'ray.io',
  sparkapplications: 'sparkoperator.k8s.io',
  flinksessionjobs: 'flink.apache.org',
};
const JOB_WRITE_VERBS = ['create', 'patch', 'delete'];

/**
 * The portal's RBAC, structurally: a namespaced Role, bound to the portal's ServiceAccount, with
 * read verbs only (writes only on the operators' job kinds, for submissions) and no wildcard. Which reads exactly is derived from the code in k8s/src/rbac.test.ts.
 */
export function checkPortalRbac(objects: K8sObject[]): Violation[] {
  const out: Violation[] = [];
  for (const obj of objects) {
    if (obj.kind === 'ClusterRole' || obj.kind === 'ClusterRoleBinding') {
      out.push(
        `${objectRef(
          obj,
        )}: cluster-wide RBAC is not allowed (use a Role in ${NAMESPACE})`,
      );
    }
  }
  const roles = objects.filter(o => o.kind === 'Role');
  for (const role of roles) {
    (role.rules ?? []).forEach((rule: any, i: number) => {
      const where = `${objectRef(role)}: rules[${i}]`;
      const groups: string[] = rule.apiGroups ?? [];
      const resources: string[] = rule.resources ?? [];
      const verbs: string[] = rule.verbs ?? [];
      if ([...groups, ...resources, ...verbs].includes('*'))
        out.push(`${where} uses '*'`);
      for (const verb of verbs) {
        const submission =
          JOB_WRITE_VERBS.includes(verb) &&
          resources.length > 0 &&
          groups.length > 0 &&
          resources.every(r => groups.every(g => SUBMITTED_JOB_KINDS[r] === g));
        if (!READ_VERBS.includes(verb) && !submission) {
          out.push(
            `${where} grants '${verb}' (the portal only reads: get/list/watch; it writes only submitted jobs: ${Object.keys(
              SUBMITTED_JOB_KINDS,
            ).join(', ')})`,
          );
        }
      }
    });
  }
  const portal = roles.find(r => r.metadata.name === 'portal');
  if (!portal) return [...out, `Role/portal: missing`];
  const binding = objects.find(
    o =>
      o.kind === 'RoleBinding' &&
      o.roleRef?.kind === 'Role' &&
      o.roleRef?.name === 'portal',
  );
  const boundToPortal = binding?.subjects?.some(
    (s: any) =>
      s.kind === 'ServiceAccount' &&
      s.name === 'portal' &&
      s.namespace === NAMESPACE,
  );
  if (!boundToPortal)
    out.push(
      `RoleBinding: no binding of Role/portal to ServiceAccount ${NAMESPACE}/portal`,
    );
  return out;
}

function walk(
  node: any,
  visit: (node: any, path: string) => void,
  path = '',
): void {
  if (node === null || typeof node !== 'object') return;
  visit(node, path || '.');
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, visit, `${path}[${i}]`));
  } else {
    for (const [k, v] of Object.entries(node))
      walk(v, visit, path ? `${path}.${k}` : k);
  }
}
