import { EngineFetchError } from '../http';
import { ENGINE_CUSTOM_RESOURCES } from './customResourceKinds';
import { KubernetesConnection } from './KubernetesConnection';
import {
  listCustomResources,
  MAX_RESOURCES_PER_KIND,
} from './listCustomResources';

const rayJob = ENGINE_CUSTOM_RESOURCES.ray.find(k => k.kind === 'RayJob')!;
const access = {
  cluster: 'platform',
  url: 'https://k8s.test',
  skipTLSVerify: true,
  watch: false,
};

/** A fake API that serves `pages` in order and records what it was asked. */
function fakeApi(pages: Array<{ items?: unknown[]; next?: string } | Error>) {
  const calls: Array<{ namespace?: string; continue?: string }> = [];
  const answer = async (args: any) => {
    calls.push({ namespace: args.namespace, continue: args._continue });
    const page = pages.shift();
    if (page instanceof Error) throw page;
    return { items: page?.items, metadata: { continue: page?.next } };
  };
  return {
    calls,
    api: {
      listNamespacedCustomObject: answer,
      listClusterCustomObject: answer,
    } as any,
  };
}

describe('listCustomResources', () => {
  it('follows continue tokens and sets apiVersion and kind on every item', async () => {
    const { api, calls } = fakeApi([
      { items: [{ metadata: { name: 'a' } }], next: 'page-2' },
      { items: [{ metadata: { name: 'b' } }] },
    ]);
    const items = await listCustomResources(
      new KubernetesConnection(access, 1_000),
      api,
      rayJob,
    );
    expect(items).toEqual([
      { apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { name: 'a' } },
      { apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { name: 'b' } },
    ]);
    expect(calls).toEqual([
      { namespace: undefined, continue: undefined },
      { namespace: undefined, continue: 'page-2' },
    ]);
  });

  it('lists only the configured namespaces', async () => {
    const { api, calls } = fakeApi([{ items: [] }, { items: [{}] }]);
    const items = await listCustomResources(
      new KubernetesConnection({ ...access, namespaces: ['etl', 'ml'] }, 1_000),
      api,
      rayJob,
    );
    expect(items).toHaveLength(1);
    expect(calls.map(c => c.namespace)).toEqual(['etl', 'ml']);
  });

  it(`stops at ${MAX_RESOURCES_PER_KIND} objects per kind`, async () => {
    const page = {
      items: Array.from({ length: 500 }, () => ({})),
      next: 'more',
    };
    const { api, calls } = fakeApi(Array.from({ length: 20 }, () => page));
    const items = await listCustomResources(
      new KubernetesConnection(access, 1_000),
      api,
      rayJob,
    );
    expect(items).toHaveLength(MAX_RESOURCES_PER_KIND);
    expect(calls).toHaveLength(MAX_RESOURCES_PER_KIND / 500);
  });

  it('refuses an answer without an items list, and passes on refusals as engine errors', async () => {
    const connection = new KubernetesConnection(access, 1_000);
    await expect(
      listCustomResources(connection, fakeApi([{}]).api, rayJob),
    ).rejects.toMatchObject({
      engineError: {
        kind: 'malformed',
        message:
          'Kubernetes API https://k8s.test answered a list of rayjobs without an items list',
      },
    });
    const refused = Object.assign(new Error('Forbidden'), { code: 403 });
    const error = await listCustomResources(
      connection,
      fakeApi([refused]).api,
      rayJob,
    ).catch(e => e);
    expect(error).toBeInstanceOf(EngineFetchError);
    expect(error.engineError).toMatchObject({ kind: 'http', status: 403 });
  });
});
