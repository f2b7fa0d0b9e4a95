import {
  CustomObjectsApi,
  KubeConfig,
  Observable,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import type { JsonObject } from '@backstage/types';
import {
  mapCustomResource,
  type CustomResourceStatus,
  type ResourceCondition,
  type EngineData,
  type EngineKind,
} from '@internal/plugin-lakehouse-common';
import { readFile } from 'node:fs/promises';
import type { EngineInstance } from '../../config';
import { EngineFetchError } from '../http';
import type { EngineClient, JobDetail } from '../types';
import type { KubernetesClusterAccess } from './kubernetesConfig';

interface CustomResourceKind {
  group: string;
  version: string;
  plural: string;
  kind: string;
}

/** The operators' kinds per engine, at the versions the pinned CRDs serve (`local-platform/lp crds`, pins in versions.env). */
export const ENGINE_CUSTOM_RESOURCES: Record<EngineKind, CustomResourceKind[]> =
  {
    ray: [
      {
        group: 'ray.io',
        version: 'v1',
        plural: 'rayclusters',
        kind: 'RayCluster',
      },
      { group: 'ray.io', version: 'v1', plural: 'rayjobs', kind: 'RayJob' },
      {
        group: 'ray.io',
        version: 'v1',
        plural: 'rayservices',
        kind: 'RayService',
      },
    ],
    spark: [
      {
        group: 'sparkoperator.k8s.io',
        version: 'v1beta2',
        plural: 'sparkapplications',
        kind: 'SparkApplication',
      },
    ],
    flink: [
      {
        group: 'flink.apache.org',
        version: 'v1beta1',
        plural: 'flinkdeployments',
        kind: 'FlinkDeployment',
      },
      {
        group: 'flink.apache.org',
        version: 'v1beta1',
        plural: 'flinksessionjobs',
        kind: 'FlinkSessionJob',
      },
    ],
  };

type CallOptions = Parameters<CustomObjectsApi['listClusterCustomObject']>[1];

const NODE_KIND = {
  ray: 'node',
  flink: 'taskmanager',
  spark: 'worker',
} as const;
const PAGE_SIZE = 500;
/** Per kind and refresh: a cluster with more is shown truncated rather than exhausting memory. */
export const MAX_RESOURCES_PER_KIND = 5_000;
const SERVICE_ACCOUNT_TOKEN =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** `RayJob:team-a:nightly`: a job id that names its resource and fits the API's id rule. */
const jobIdOf = (s: CustomResourceStatus) =>
  `${s.resource.kind}:${s.resource.namespace}:${s.resource.name}`;

/**
 * Reads one engine's custom resources (RayJob, SparkApplication,
 * FlinkDeployment, ...) from one cluster configured for the Kubernetes plugin,
 * and maps their status with the shared mappers into the shape the REST
 * clients produce.
 */
/** What to check for the statuses that have a usual cause. */
const HTTP_HINTS: Record<number, string> = {
  403: ': the service account needs list and get on this resource (RBAC)',
  404: ': is the operator’s CRD installed?',
};

export class KubernetesCustomResourceClient implements EngineClient {
  readonly #instance: EngineInstance;
  readonly #access: KubernetesClusterAccess;

  constructor(instance: EngineInstance) {
    if (!instance.kubernetes)
      throw new Error(
        `${instance.engine}/${instance.name} is not a Kubernetes instance`,
      );
    this.#instance = instance;
    this.#access = instance.kubernetes;
  }

  async #api(): Promise<CustomObjectsApi> {
    const a = this.#access;
    const token =
      a.token ??
      (
        await readFile(SERVICE_ACCOUNT_TOKEN, 'utf8').catch(() => {
          throw new EngineFetchError({
            kind: 'unreachable',
            message: `No token for Kubernetes cluster '${a.cluster}': set serviceAccountToken in kubernetes.clusterLocatorMethods, or run the backend in a pod with a service account (${SERVICE_ACCOUNT_TOKEN})`,
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
    return kc.makeApiClient(CustomObjectsApi);
  }

  /** Each call ends at the instance's timeout or the caller's abort, whichever is first. */
  #options(signal?: AbortSignal): CallOptions {
    const timeout = AbortSignal.timeout(this.#instance.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    return {
      middleware: [
        {
          pre: (ctx: RequestContext) => {
            ctx.setSignal(combined);
            return new Observable(Promise.resolve(ctx));
          },
          post: (res: ResponseContext) => new Observable(Promise.resolve(res)),
        },
      ],
      middlewareMergeStrategy: 'append',
    };
  }

  #failure(what: string, e: unknown): EngineFetchError {
    const status = (e as { code?: number }).code;
    const timedOut =
      (e as Error)?.name === 'TimeoutError' || /aborted/i.test(String(e));
    const where = `Kubernetes API ${this.#access.url} (cluster '${
      this.#access.cluster
    }')`;
    if (timedOut)
      return new EngineFetchError({
        kind: 'timeout',
        message: `${where} did not answer ${what} within ${
          this.#instance.timeoutMs
        } ms`,
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

  async #list(
    api: CustomObjectsApi,
    k: CustomResourceKind,
    signal?: AbortSignal,
  ) {
    const items: unknown[] = [];
    const scopes = this.#access.namespaces ?? [undefined];
    for (const namespace of scopes) {
      let next: string | undefined;
      do {
        const what = `a list of ${k.plural}${
          namespace ? ` in ${namespace}` : ''
        }`;
        let page: {
          items?: unknown[];
          metadata?: { _continue?: string; continue?: string };
        };
        try {
          page = namespace
            ? await api.listNamespacedCustomObject(
                { ...k, namespace, limit: PAGE_SIZE, _continue: next },
                this.#options(signal),
              )
            : await api.listClusterCustomObject(
                { ...k, limit: PAGE_SIZE, _continue: next },
                this.#options(signal),
              );
        } catch (e) {
          throw this.#failure(what, e);
        }
        if (!Array.isArray(page?.items))
          throw new EngineFetchError({
            kind: 'malformed',
            message: `Kubernetes API ${
              this.#access.url
            } answered ${what} without an items list`,
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

  async #statuses(signal?: AbortSignal): Promise<CustomResourceStatus[]> {
    const api = await this.#api();
    const lists = await Promise.all(
      ENGINE_CUSTOM_RESOURCES[this.#instance.engine].map(k =>
        this.#list(api, k, signal),
      ),
    );
    const statuses: CustomResourceStatus[] = [];
    for (const item of lists.flat()) {
      const mapped = mapCustomResource(item);
      // An object the mappers refuse (a status field of the wrong type) is left out, not fatal.
      if (mapped.ok) statuses.push(mapped.value);
    }
    return statuses;
  }

  #job(s: CustomResourceStatus) {
    return s.job && { ...s.job, id: jobIdOf(s), instance: this.#instance.name };
  }

  async fetchSnapshot(signal?: AbortSignal): Promise<EngineData> {
    const statuses = await this.#statuses(signal);
    const clusters = statuses.flatMap(s => (s.cluster ? [s.cluster] : []));
    const versions = [
      ...new Set(clusters.flatMap(c => (c.version ? [c.version] : []))),
    ];
    const services = statuses.flatMap(s => s.services ?? []);
    return {
      cluster: {
        nodeKind: NODE_KIND[this.#instance.engine],
        nodes: {
          alive: clusters.reduce((n, c) => n + c.nodes.alive, 0),
          total: clusters.reduce((n, c) => n + c.nodes.total, 0),
        },
        ...(versions.length === 1 && { version: versions[0] }),
      },
      jobs: statuses.flatMap(s => {
        const job = this.#job(s);
        return job ? [job] : [];
      }),
      ...(services.length > 0 && { services }),
    };
  }

  async fetchJobDetail(
    jobId: string,
    signal?: AbortSignal,
  ): Promise<JobDetail | undefined> {
    const [kind, namespace, name] = jobId.split(':');
    const k = ENGINE_CUSTOM_RESOURCES[this.#instance.engine].find(
      r => r.kind === kind,
    );
    if (!k || !namespace || !name) return undefined;
    if (this.#access.namespaces && !this.#access.namespaces.includes(namespace))
      return undefined;
    const api = await this.#api();
    let obj: Record<string, unknown>;
    try {
      obj = await api.getNamespacedCustomObject(
        {
          group: k.group,
          version: k.version,
          plural: k.plural,
          namespace,
          name,
        },
        this.#options(signal),
      );
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw this.#failure(`${k.kind} ${namespace}/${name}`, e);
    }
    const mapped = mapCustomResource({
      apiVersion: `${k.group}/${k.version}`,
      kind: k.kind,
      ...obj,
    });
    if (!mapped.ok)
      throw new EngineFetchError({
        kind: 'malformed',
        message: mapped.error.message,
      });
    const job = this.#job(mapped.value);
    if (!job) return undefined;
    const status = (obj.status ?? {}) as JsonObject;
    return {
      job,
      detail: {
        source: 'kubernetes',
        engine: this.#instance.engine,
        cluster: this.#access.cluster,
        resource: { ...mapped.value.resource },
        rawState: mapped.value.rawState,
        message: mapped.value.message ?? null,
        conditions: resourceConditions(status.conditions),
        status,
      },
    };
  }
}

const CONDITION_FIELDS = [
  'type',
  'status',
  'reason',
  'message',
  'lastTransitionTime',
] as const;

/** `status.conditions` as the detail shows them: the string fields of each, whatever else an operator wrote. */
function resourceConditions(value: unknown): ResourceCondition[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
    .map(c =>
      Object.fromEntries(
        CONDITION_FIELDS.filter(f => typeof c[f] === 'string').map(f => [
          f,
          c[f],
        ]),
      ),
    );
}
