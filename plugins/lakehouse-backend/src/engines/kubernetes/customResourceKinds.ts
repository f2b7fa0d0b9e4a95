import type { EngineKind } from '@internal/plugin-lakehouse-common';

export interface CustomResourceKind {
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
