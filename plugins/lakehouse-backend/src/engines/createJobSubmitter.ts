import type { EngineInstance } from '../config';
import type { OpenLineageTransport } from '../lineage/OpenLineageTransport';
import type { S3ProjectStager } from '../staging/S3ProjectStager';
import { KubernetesJobSubmitter } from './kubernetes/KubernetesJobSubmitter';
import { FlinkRestSubmitter } from './flink/FlinkRestSubmitter';
import { RayJobSubmitter } from './ray/RayJobSubmitter';
import { SparkRestSubmitter } from './spark/SparkRestSubmitter';
import type { JobSubmitter } from './types';

/**
 * The submitter for a configured instance, or why it cannot take
 * submissions. Spark and Flink read the code from the staging store; Ray
 * takes it through its own package upload; Kubernetes instances (every engine) from the store.
 */
export function createJobSubmitter(
  instance: EngineInstance,
  stager: S3ProjectStager | undefined,
  openLineage?: OpenLineageTransport,
): JobSubmitter | string {
  const noStager = `${instance.engine} instance '${instance.name}' cannot take submissions: configure lakehouse.staging (an S3 bucket the engines can read) in app-config`;
  if (instance.kubernetes) {
    if (!instance.kubernetesSubmit?.[instance.engine])
      return `${instance.engine} instance '${instance.name}' is read from the custom resources of Kubernetes cluster '${instance.kubernetes.cluster}' and takes no submissions here: set submit.${instance.engine} of that cluster in lakehouse.kubernetes.clusters, submit to an instance of lakehouse.engines.${instance.engine}, or apply the project's manifest (k8s/ in the template's skeleton) to the cluster`;
    return stager ? new KubernetesJobSubmitter(instance, stager) : noStager;
  }
  if (instance.engine === 'ray') return new RayJobSubmitter(instance);
  if (!stager) return noStager;
  return instance.engine === 'spark'
    ? new SparkRestSubmitter(
        instance,
        stager,
        instance.openLineage ? openLineage : undefined,
      )
    : new FlinkRestSubmitter(instance, stager);
}
