import { KubernetesConnection } from './KubernetesConnection';

const access = {
  cluster: 'platform',
  url: 'https://127.0.0.1:6443',
  skipTLSVerify: true,
  watch: false,
};

describe('KubernetesConnection', () => {
  const connection = new KubernetesConnection(access, 2_000);

  it.each([
    [
      { code: 403 },
      'http',
      "Kubernetes API https://127.0.0.1:6443 (cluster 'platform') answered HTTP 403 to a list of rayjobs: the service account may not do this (RBAC: k8s/base/portal/rbac.yaml grants what the portal needs)",
    ],
    [
      { code: 404 },
      'http',
      "Kubernetes API https://127.0.0.1:6443 (cluster 'platform') answered HTTP 404 to a list of rayjobs: is the operator’s CRD installed?",
    ],
    [
      Object.assign(new Error('The operation was aborted due to timeout'), {
        name: 'TimeoutError',
      }),
      'timeout',
      "Kubernetes API https://127.0.0.1:6443 (cluster 'platform') did not answer a list of rayjobs within 2000 ms",
    ],
    [
      new Error('connect ECONNREFUSED 127.0.0.1:6443'),
      'unreachable',
      "Kubernetes API https://127.0.0.1:6443 (cluster 'platform') is unreachable for a list of rayjobs: connect ECONNREFUSED 127.0.0.1:6443",
    ],
  ])('turns %p into a %s error that says what to check', (e, kind, message) => {
    const error = connection.failure('a list of rayjobs', e);
    expect(error.engineError).toMatchObject({ kind, message });
  });

  it('says where to put a token when there is none', async () => {
    const tokenless = new KubernetesConnection(
      access,
      2_000,
      '/nonexistent/serviceaccount/token',
    );
    await expect(tokenless.api()).rejects.toThrow(
      "No token for Kubernetes cluster 'platform': set serviceAccountToken in kubernetes.clusterLocatorMethods, or run the backend in a pod with a service account (/nonexistent/serviceaccount/token)",
    );
  });

  it('builds a client for the configured server with the given token', async () => {
    const api = await new KubernetesConnection(
      { ...access, token: 'abc' },
      2_000,
    ).api();
    expect(api).toBeDefined();
  });
});
