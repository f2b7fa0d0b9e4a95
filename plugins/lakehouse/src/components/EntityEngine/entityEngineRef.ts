import type { Entity } from '@backstage/catalog-model';
import {
  ENGINE_KINDS,
  EngineKind,
  LAKEHOUSE_ENGINE_ANNOTATION,
  LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION,
  LAKEHOUSE_JOB_ID_ANNOTATION,
  LAKEHOUSE_JOB_NAME_ANNOTATION,
  isLakehouseJob,
} from '@internal/plugin-lakehouse-common';

/** What an entity's `lakehouse.io/*` annotations point at. */
export type EntityEngineRef =
  | { kind: 'invalid'; rawEngine: string }
  | { kind: 'engine'; engine: EngineKind; instance?: string }
  | {
      kind: 'job';
      engine: EngineKind;
      instance?: string;
      jobId?: string;
      jobName?: string;
    };

export function readEntityEngineRef(entity: Entity): EntityEngineRef {
  const annotations = entity.metadata.annotations ?? {};
  const rawEngine = (annotations[LAKEHOUSE_ENGINE_ANNOTATION] ?? '').trim();
  const engine = rawEngine.toLowerCase() as EngineKind;
  if (!ENGINE_KINDS.includes(engine)) {
    return { kind: 'invalid', rawEngine };
  }
  const instance =
    annotations[LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION]?.trim() || undefined;
  if (!isLakehouseJob(entity)) {
    return { kind: 'engine', engine, instance };
  }
  return {
    kind: 'job',
    engine,
    instance,
    jobId: annotations[LAKEHOUSE_JOB_ID_ANNOTATION]?.trim() || undefined,
    jobName: annotations[LAKEHOUSE_JOB_NAME_ANNOTATION]?.trim() || undefined,
  };
}
