import {
  CustomObjectsApi,
  KubeConfig,
  Observable,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import type { KubernetesClusterAccess } from '../EngineInstance';
import { EngineFetchError } from '../http';

type CallOptions = Parameters<CustomObjectsApi['listClusterCustomObject']>[1];

const SERVICE_ACCOUNT_TOKEN =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** What to check for the statuses that have a usual cause. */
const HTTP_HINTS: Record<number, string> = {
  403: ': the service account may not do this (RBAC: k8s/base/portal/rbac.yaml grants what the portal needs)',
  404: ': is the operator’s CRD installed?',
};

/**
 * One cluster of `kubernetes.clusterLocatorMethods` as the custom-resource client reaches it: an API
 * client with the service account's token (re-read every time: it rotates), calls bounded by the
 * instance's timeout, and failures turned into engine errors that say what to check.
 */
export class KubernetesConnection {
  constructor(
    readonly access: KubernetesClusterAccess,
    private readonly timeoutMs: number,
    private readonly tokenFile: string = SERVICE_ACCOUNT_TOKEN,
  ) {}

  async api(): Promise<CustomObjectsApi> {
    return (await this.kubeConfig()).makeApiClient(CustomObjectsApi);
  }

  /** The cluster and the current token, for the API client and for watches. */
  async kubeConfig(): Promise<KubeConfig> {
    const a = this.access;
    const token =
      a.token ??
      (
        await readFile(this.tokenFile, 'utf8').catch(() => {
          throw new EngineFetchError({
            kind: 'unreachable',
            message: `No token for Kubernetes cluster '${a.cluster}': set serviceAccountToken in kubernetes.clusterLocatorMethods, or run the backend in a pod with a service account (${this.tokenFile})`,
          });
        })
      ).trim();
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: a.cluster,
          server: a.url,
          skipTLSVerify: a.skipTLSVerify,
          caData: a.caData,
          caFile: a.caFile,
        },
      ],
      users: [{ name: 'lakehouse', token }],
      contexts: [{ name: a.cluster, cluster: a.cluster, user: 'lakehouse' }],
      currentContext: a.cluster,
    });
    return kc;
  }

  /**
   * Each call ends at the instance's timeout (or `timeoutMs`) or the caller's abort, whichever is
   * first; `contentType` overrides the generated client's (server-side apply's media type).
   */
  options(
    signal?: AbortSignal,
    extra: { timeoutMs?: number; contentType?: string } = {},
  ): CallOptions {
    const timeout = AbortSignal.timeout(extra.timeoutMs ?? this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    return {
      middleware: [
        {
          pre: (ctx: RequestContext) => {
            ctx.setSignal(combined);
            if (extra.contentType)
              ctx.setHeaderParam('Content-Type', extra.contentType);
            return new Observable(Promise.resolve(ctx));
          },
          post: (res: ResponseContext) => new Observable(Promise.resolve(res)),
        },
      ],
      middlewareMergeStrategy: 'append',
    };
  }

  /** A failed call of `what` as the engine error the status page shows. */
  failure(what: string, e: unknown): EngineFetchError {
    const status = (e as { code?: number }).code;
    const timedOut =
      (e as Error)?.name === 'TimeoutError' || /aborted/i.test(String(e));
    const where = `Kubernetes API ${this.access.url} (cluster '${this.access.cluster}')`;
    if (timedOut)
      return new EngineFetchError({
        kind: 'timeout',
        message: `${where} did not answer ${what} within ${this.timeoutMs} ms`,
      });
    if (typeof status === 'number')
      return new EngineFetchError({
        kind: 'http',
        status,
        message: `${where} answered HTTP ${status} to ${what}${
          HTTP_HINTS[status] ?? ''
        }`,
      });
    return new EngineFetchError({
      kind: 'unreachable',
      message: `${where} is unreachable for ${what}: ${
        (e as Error)?.message ?? e
      }`,
    });
  }
}
