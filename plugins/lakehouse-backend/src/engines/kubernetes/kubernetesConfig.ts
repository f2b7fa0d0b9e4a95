import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ENGINE_KINDS } from '@internal/plugin-lakehouse-common';
import type {
  EngineInstance,
  KubernetesClusterAccess,
  KubernetesSubmitTarget,
} from '../EngineInstance';
import {
  DEFAULT_REFRESH_MS,
  DEFAULT_TIMEOUT_MS,
  readBaseUrl,
} from '../../config';
import { readPositiveDurationMs } from '@internal/plugin-lakehouse-node';

/** Where the Flink operator's session images keep the PythonDriver (Flink 2.1). */
const DEFAULT_FLINK_PYTHON_JAR =
  'local:///opt/flink/opt/flink-python-2.1.1.jar';

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
      watch: c.getOptionalBoolean('watch') ?? true,
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
    const submit = readSubmitTarget(c, at, namespaces);
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
        submitTimeoutMs: submit?.timeoutMs ?? timeoutMs,
        kubernetes: access,
        kubernetesSubmit: submit,
      };
    });
  });
}

const DEFAULT_SUBMIT_TIMEOUT_MS = 30_000;
/** A Kubernetes object name; the portal adds `-<8 hex>` to the job's name within this. */
const OBJECT_NAME = NAMESPACE;

/** `submit` of one cluster: checked at startup so that a submission never finds it half-configured. */
function readSubmitTarget(
  c: Config,
  at: string,
  namespaces: string[] | undefined,
): KubernetesSubmitTarget | undefined {
  const s = c.getOptionalConfig('submit');
  if (!s) return undefined;
  const where = `${at}.submit`;
  const namespace = s.getString('namespace');
  if (!NAMESPACE.test(namespace))
    throw new InputError(
      `${where}.namespace: '${namespace}' is not a namespace name`,
    );
  if (namespaces && !namespaces.includes(namespace))
    throw new InputError(
      `${where}.namespace: '${namespace}' is not one of ${at}.namespaces (${namespaces.join(
        ', ',
      )}): submitted jobs would not be seen`,
    );
  const objectName = (key: string, value: string) => {
    if (!OBJECT_NAME.test(value))
      throw new InputError(
        `${where}.${key}: '${value}' is not a Kubernetes object name`,
      );
    return value;
  };
  const spark = s.getOptionalConfig('spark');
  const flink = s.getOptionalConfig('flink');
  const ray = s.getOptionalConfig('ray');
  const jarUri =
    flink?.getOptionalString('pythonJarUri') ?? DEFAULT_FLINK_PYTHON_JAR;
  if (!/^(local|s3|https?):\/\/\S+\.jar$/.test(jarUri))
    throw new InputError(
      `${where}.flink.pythonJarUri: '${jarUri}' must be a local://, s3:// or http(s):// URI of a .jar`,
    );
  return {
    namespace,
    timeoutMs: readPositiveDurationMs(
      s,
      where,
      'timeout',
      DEFAULT_SUBMIT_TIMEOUT_MS,
    ),
    spark: spark && {
      image: spark.getString('image'),
      sparkVersion: spark.getOptionalString('sparkVersion') ?? '4.1.1',
      serviceAccount: objectName(
        'spark.serviceAccount',
        spark.getString('serviceAccount'),
      ),
      sparkConfigMap:
        spark.getOptionalString('sparkConfigMap') &&
        objectName('spark.sparkConfigMap', spark.getString('sparkConfigMap')),
      envFromSecrets: (
        spark.getOptionalStringArray('envFromSecrets') ?? []
      ).map(n => objectName('spark.envFromSecrets', n)),
    },
    flink: flink && {
      deploymentName: objectName(
        'flink.deploymentName',
        flink.getString('deploymentName'),
      ),
      pythonJarUri: jarUri,
    },
    ray: ray && {
      clusterName: objectName('ray.clusterName', ray.getString('clusterName')),
    },
  };
}
