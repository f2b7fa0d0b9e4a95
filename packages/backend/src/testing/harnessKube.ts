import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { repoRoot } from './backend';

/** The harness's kube-apiserver (`lp up kube`): URL, admin token and the CA its certificate chains to. */
export interface HarnessKube {
  server: string;
  adminToken: string;
  caFile: string;
}

export function harnessKube(): HarnessKube {
  const out = execFileSync(
    'python3',
    [path.join(repoRoot, 'local-platform/kube/kube.py'), 'env'],
    { encoding: 'utf8' },
  );
  const env = Object.fromEntries(
    [...out.matchAll(/^export (\w+)='?([^'\n]*)'?$/gm)].map(m => [m[1], m[2]]),
  );
  // kube-apiserver writes its self-signed certificate and CA next to the kubeconfig (pki/apiserver.crt).
  const caFile = path.join(
    path.dirname(env.KUBECONFIG),
    'pki',
    'apiserver.crt',
  );
  if (!env.KUBE_SERVER || !env.KUBE_TOKEN || !fs.existsSync(caFile)) {
    throw new Error(
      `the Kubernetes harness is not set up (local-platform/lp up kube): ${out}`,
    );
  }
  return { server: env.KUBE_SERVER, adminToken: env.KUBE_TOKEN, caFile };
}

async function call(
  kube: HarnessKube,
  method: string,
  apiPath: string,
  body: object,
  contentType = 'application/json',
): Promise<any> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${kube.server}${apiPath}`,
      {
        method,
        ca: fs.readFileSync(kube.caFile),
        headers: {
          Authorization: `Bearer ${kube.adminToken}`,
          'Content-Type': contentType,
          'Content-Length': Buffer.byteLength(payload),
        },
        timeout: 15_000,
      },
      res => {
        let text = '';
        res.on('data', d => (text += d));
        res.on('end', () =>
          (res.statusCode ?? 500) < 300
            ? resolve(JSON.parse(text))
            : reject(
                new Error(`${method} ${apiPath}: ${res.statusCode} ${text}`),
              ),
        );
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${apiPath}: timeout`)),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const COLLECTIONS: Record<string, string> = {
  Namespace: '/api/v1/namespaces',
  ServiceAccount: '/api/v1/namespaces/{ns}/serviceaccounts',
  Role: '/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles',
  RoleBinding:
    '/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings',
};

/**
 * Server-side applies the given rendered objects (idempotent: the same manifests another test may
 * apply) and returns a token of the portal's ServiceAccount from the TokenRequest API, i.e. the identity
 * and rights the pod would have.
 */
export async function portalServiceAccountToken(
  kube: HarnessKube,
  objects: Array<{
    kind: string;
    metadata: { name: string; namespace?: string };
  }>,
): Promise<string> {
  let account: { name: string; namespace: string } | undefined;
  for (const obj of objects) {
    const collection = COLLECTIONS[obj.kind];
    if (!collection) throw new Error(`cannot apply ${obj.kind}`);
    const ns = obj.metadata.namespace ?? '';
    await call(
      kube,
      'PATCH',
      `${collection.replace('{ns}', ns)}/${
        obj.metadata.name
      }?fieldManager=backend-production-test&force=true`,
      obj,
      'application/apply-patch+yaml',
    );
    if (obj.kind === 'ServiceAccount')
      account = { name: obj.metadata.name, namespace: ns };
  }
  if (!account) throw new Error('no ServiceAccount among the objects');
  const review = await call(
    kube,
    'POST',
    `/api/v1/namespaces/${account.namespace}/serviceaccounts/${account.name}/token`,
    {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 3600 },
    },
  );
  return review.status.token;
}
