import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  type RbacAuthorizationV1Api as Rbac,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type V1PolicyRule,
} from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { ENGINE_CUSTOM_RESOURCES } from '../engines/kubernetes/customResourceKinds';

const KUBE = resolvePackagePath(
  '@internal/plugin-lakehouse-backend',
  '../../local-platform/kube/kube.py',
);

export interface KubeHarness {
  server: string;
  /** The cluster admin's token. */
  token: string;
  objects: CustomObjectsApi;
  core: CoreV1Api;
  rbac: RbacAuthorizationV1Api;
  /** Deletes the namespace; stops the server if this call started it. */
  stop(): Promise<void>;
}

/**
 * The harness's real kube-apiserver (local-platform/kube: built from the Go module proxy, kine on
 * SQLite, RBAC on, the operators' real CRDs), with `namespace` created. No operator runs: tests
 * write the status an operator would.
 */
export async function startKube(namespace: string): Promise<KubeHarness> {
  // Builds kube-apiserver and kine on first use (minutes, cold); reuses a running server.
  const { stdout } = await promisify(execFile)('python3', [KUBE, 'up'], {
    timeout: 1_800_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const kube: { server: string; token: string; started: string[] } = JSON.parse(
    stdout.trim().split('\n').pop()!,
  );
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'it', server: kube.server, skipTLSVerify: true }],
    users: [{ name: 'admin', token: kube.token }],
    contexts: [{ name: 'it', cluster: 'it', user: 'admin' }],
    currentContext: 'it',
  });
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  return {
    server: kube.server,
    token: kube.token,
    objects: kc.makeApiClient(CustomObjectsApi),
    core,
    rbac: kc.makeApiClient(RbacAuthorizationV1Api),
    async stop() {
      await core.deleteNamespace({ name: namespace }).catch(() => undefined);
      if (kube.started.length)
        await promisify(execFile)('python3', [KUBE, 'down'], {
          timeout: 60_000,
        });
    },
  };
}

/**
 * A service account of `namespace` bound to a Role with exactly `rules`, and a real token for it
 * from the TokenRequest API: the API server's own authorizer then decides each call.
 */
export async function serviceAccountWithRules(
  kube: Pick<KubeHarness, 'core' | 'rbac'>,
  namespace: string,
  name: string,
  rules: V1PolicyRule[],
): Promise<string> {
  const rbac: Rbac = kube.rbac;
  await kube.core.createNamespacedServiceAccount({
    namespace,
    body: { metadata: { name } },
  });
  await rbac.createNamespacedRole({
    namespace,
    body: { metadata: { name }, rules },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  });
  const { status } = await kube.core.createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  return status!.token;
}

/** `kubernetes.clusterLocatorMethods` with one cluster, as the Kubernetes plugin is configured. */
export function clusterLocatorConfig(
  name: string,
  server: string,
  token: string,
) {
  return {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name,
            url: server,
            authProvider: 'serviceAccount',
            serviceAccountToken: token,
            skipTLSVerify: true,
          },
        ],
      },
    ],
  };
}

const FIXTURES = resolvePackagePath(
  '@internal/plugin-lakehouse-common',
  'src/status/__fixtures__',
);

/** A status fixture of the mappers' tests (an operator's real status), parsed. */
export const statusFixture = (file: string) =>
  parse(readFileSync(`${FIXTURES}/${file}.yaml`, 'utf8'));

/** Group, version and plural of one of the operators' kinds. */
export function customResourceKind(kind: string) {
  const k = Object.values(ENGINE_CUSTOM_RESOURCES)
    .flat()
    .find(r => r.kind === kind);
  if (!k) throw new Error(`unknown kind ${kind}`);
  return k;
}

/** Writes `status` through the /status subresource, as the operator would. */
export async function writeStatus(
  objects: CustomObjectsApi,
  target: { kind: string; namespace: string; name: string },
  status: unknown,
) {
  const k = customResourceKind(target.kind);
  await objects.patchNamespacedCustomObjectStatus(
    { ...k, namespace: target.namespace, name: target.name, body: { status } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}
