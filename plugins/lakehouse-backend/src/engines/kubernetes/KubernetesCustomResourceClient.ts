import {
  type CustomResourceStatus,
  type EngineData,
  type JobDetailResponse,
  mapCustomResource,
} from '@internal/plugin-lakehouse-common';
import type { EngineInstance } from '../EngineInstance';
import { EngineFetchError } from '../http';
import type { EngineClient } from '../types';
import { ENGINE_CUSTOM_RESOURCES } from './customResourceKinds';
import {
  customResourceJob,
  customResourceJobDetail,
  customResourceSnapshot,
} from './customResourceSnapshot';
import { KubernetesConnection } from './KubernetesConnection';
import { listCustomResources } from './listCustomResources';

/**
 * Reads one engine's custom resources (RayJob, SparkApplication, FlinkDeployment, ...) from one
 * cluster configured for the Kubernetes plugin, and maps their status with the shared mappers into
 * the shape the REST clients produce.
 */
export class KubernetesCustomResourceClient implements EngineClient {
  readonly #instance: EngineInstance;
  readonly #connection: KubernetesConnection;

  constructor(instance: EngineInstance) {
    if (!instance.kubernetes)
      throw new Error(
        `${instance.engine}/${instance.name} is not a Kubernetes instance`,
      );
    this.#instance = instance;
    this.#connection = new KubernetesConnection(
      instance.kubernetes,
      instance.timeoutMs,
    );
  }

  async #statuses(signal?: AbortSignal): Promise<CustomResourceStatus[]> {
    const api = await this.#connection.api();
    const lists = await Promise.all(
      ENGINE_CUSTOM_RESOURCES[this.#instance.engine].map(k =>
        listCustomResources(this.#connection, api, k, signal),
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

  async fetchSnapshot(signal?: AbortSignal): Promise<EngineData> {
    const { engine, name } = this.#instance;
    return customResourceSnapshot(engine, name, await this.#statuses(signal));
  }

  async fetchJobDetail(
    jobId: string,
    signal?: AbortSignal,
  ): Promise<JobDetailResponse | undefined> {
    const [kind, namespace, name] = jobId.split(':');
    const k = ENGINE_CUSTOM_RESOURCES[this.#instance.engine].find(
      r => r.kind === kind,
    );
    if (!k || !namespace || !name) return undefined;
    const { namespaces, cluster } = this.#connection.access;
    if (namespaces && !namespaces.includes(namespace)) return undefined;
    const api = await this.#connection.api();
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
        this.#connection.options(signal),
      );
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw this.#connection.failure(`${k.kind} ${namespace}/${name}`, e);
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
    const job = customResourceJob(mapped.value, this.#instance.name);
    if (!job) return undefined;
    const status = (obj.status ?? {}) as Record<string, unknown>;
    return {
      job,
      detail: customResourceJobDetail(mapped.value, cluster, status),
    };
  }
}
