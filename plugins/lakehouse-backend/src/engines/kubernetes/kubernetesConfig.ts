import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ENGINE_KINDS } from '@internal/plugin-lakehouse-common';
import type {
  EngineInstance,
  KubernetesClusterAccess,
} from '../EngineInstance';
import {
  DEFAULT_REFRESH_MS,
  DEFAULT_TIMEOUT_MS,
  readBaseUrl,
} from '../../config';
import { readPositiveDurationMs } from '@internal/plugin-lakehouse-node';

export type { KubernetesClusterAccess } from '../EngineInstance';

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function findCluster(config: Config, name: string, at: string) {
  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (method.getString('type') !== 'config') continue;
    const cluster = (method.getOptionalConfigArray('clusters') ?? []).find(
      c => c.getString('name') === name,
    );
    if (cluster) return cluster;
  }
  throw new InputError(
    `${at}: no cluster '${name}' in kubernetes.clusterLocatorMethods (type: config)`,
  );
}

/**
 * Reads `lakehouse.kubernetes.clusters[]`: each names a cluster configured for
 * the Kubernetes plugin and becomes one more instance of every engine, read
 * from the operators' custom resources. Only `serviceAccount` auth is
 * supported; anything else fails at startup rather than polling in vain.
 */
export function readKubernetesInstances(
  config: Config,
  restInstances: EngineInstance[],
): EngineInstance[] {
  const key = 'lakehouse.kubernetes.clusters';
  return (config.getOptionalConfigArray(key) ?? []).flatMap((c, index) => {
    const at = `${key}[${index}]`;
    const name = c.getString('name');
    const cluster = findCluster(config, name, at);
    const auth = cluster.getOptionalString('authProvider') ?? 'serviceAccount';
    if (auth !== 'serviceAccount') {
      throw new InputError(
        `${at}: cluster '${name}' uses authProvider '${auth}'; the lakehouse backend reads custom resources with serviceAccount auth only`,
      );
    }
    const namespaces = c.getOptionalStringArray('namespaces');
    for (const ns of namespaces ?? []) {
      if (!NAMESPACE.test(ns))
        throw new InputError(
          `${at}.namespaces: '${ns}' is not a namespace name`,
        );
    }
    const access: KubernetesClusterAccess = {
      cluster: name,
      url: readBaseUrl(cluster.getString('url'), `cluster '${name}' url`),
      token: cluster.getOptionalString('serviceAccountToken'),
      skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
      caData: cluster.getOptionalString('caData'),
      caFile: cluster.getOptionalString('caFile'),
      namespaces,
    };
    const timeoutMs = readPositiveDurationMs(
      c,
      at,
      'timeout',
      DEFAULT_TIMEOUT_MS,
    );
    const refreshIntervalMs = readPositiveDurationMs(
      c,
      at,
      'refreshInterval',
      DEFAULT_REFRESH_MS,
    );
    return ENGINE_KINDS.map(engine => {
      if (restInstances.some(i => i.engine === engine && i.name === name)) {
        throw new InputError(
          `${at}: '${name}' is also the name of a lakehouse.engines.${engine} instance; instance names must be unique per engine`,
        );
      }
      return {
        engine,
        name,
        url: access.url,
        timeoutMs,
        refreshIntervalMs,
        // Unused: these instances refuse submissions (createJobSubmitter).
        submitTimeoutMs: timeoutMs,
        kubernetes: access,
      };
    });
  });
}
