import type { CustomObjectsApi } from '@kubernetes/client-node';
import { EngineFetchError } from '../http';
import type { CustomResourceKind } from './customResourceKinds';
import type { KubernetesConnection } from './KubernetesConnection';

const PAGE_SIZE = 500;
/** Per kind and refresh: a cluster with more is shown truncated rather than exhausting memory. */
export const MAX_RESOURCES_PER_KIND = 5_000;

type ListPage = {
  items?: unknown[];
  metadata?: { _continue?: string; continue?: string };
};

/**
 * Every object of one kind in the connection's namespaces (all when none are configured), page by
 * page, at most {@link MAX_RESOURCES_PER_KIND}; each item carries its apiVersion and kind.
 */
export async function listCustomResources(
  connection: KubernetesConnection,
  api: Pick<
    CustomObjectsApi,
    'listNamespacedCustomObject' | 'listClusterCustomObject'
  >,
  k: CustomResourceKind,
  signal?: AbortSignal,
): Promise<unknown[]> {
  const items: unknown[] = [];
  const scopes = connection.access.namespaces ?? [undefined];
  for (const namespace of scopes) {
    let next: string | undefined;
    do {
      const what = `a list of ${k.plural}${
        namespace ? ` in ${namespace}` : ''
      }`;
      let page: ListPage;
      try {
        page = namespace
          ? await api.listNamespacedCustomObject(
              { ...k, namespace, limit: PAGE_SIZE, _continue: next },
              connection.options(signal),
            )
          : await api.listClusterCustomObject(
              { ...k, limit: PAGE_SIZE, _continue: next },
              connection.options(signal),
            );
      } catch (e) {
        throw connection.failure(what, e);
      }
      if (!Array.isArray(page?.items))
        throw new EngineFetchError({
          kind: 'malformed',
          message: `Kubernetes API ${connection.access.url} answered ${what} without an items list`,
        });
      // List items of custom resources carry apiVersion and kind; set them in case a proxy strips them.
      for (const item of page.items)
        items.push({
          apiVersion: `${k.group}/${k.version}`,
          kind: k.kind,
          ...(item as object),
        });
      next = page.metadata?._continue || page.metadata?.continue || undefined;
    } while (next && items.length < MAX_RESOURCES_PER_KIND);
  }
  return items.slice(0, MAX_RESOURCES_PER_KIND);
}
