import type { EngineInstance } from '../config';
import type { S3ProjectStager } from '../staging/S3ProjectStager';
import { FlinkRestSubmitter } from './flink/FlinkRestSubmitter';
import { RayJobSubmitter } from './ray/RayJobSubmitter';
import { SparkRestSubmitter } from './spark/SparkRestSubmitter';
import type { JobSubmitter } from './types';

/**
 * The submitter for a configured instance, or why it cannot take
 * submissions. Spark and Flink read the code from the staging store; Ray
 * takes it through its own package upload.
 */
export function createJobSubmitter(
  instance: EngineInstance,
  stager: S3ProjectStager | undefined,
): JobSubmitter | string {
  if (instance.kubernetes) {
    return `${instance.engine} instance '${instance.name}' is read from the custom resources of Kubernetes cluster '${instance.kubernetes.cluster}' and takes no submissions here: submit to an instance of lakehouse.engines.${instance.engine}, or apply the project's manifest (k8s/ in the template's skeleton) to the cluster`;
  }
  if (instance.engine === 'ray') return new RayJobSubmitter(instance);
  if (!stager) {
    return `${instance.engine} instance '${instance.name}' cannot take submissions: configure lakehouse.staging (an S3 bucket the engines can read) in app-config`;
  }
  return instance.engine === 'spark'
    ? new SparkRestSubmitter(instance, stager)
    : new FlinkRestSubmitter(instance, stager);
}
