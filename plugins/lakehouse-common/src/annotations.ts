import type { Entity } from '@backstage/catalog-model';

/**
 * `lakehouse.io/engine`: the engine that runs the entity's job, `spark`,
 * `flink` or `ray`.
 * @public
 */
export const LAKEHOUSE_ENGINE_ANNOTATION = 'lakehouse.io/engine';

/**
 * `lakehouse.io/engine-instance`: the configured engine instance
 * (`lakehouse.engines.<engine>[].name`); optional when only one is configured.
 * @public
 */
export const LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION =
  'lakehouse.io/engine-instance';

/**
 * `lakehouse.io/job-name`: the job's name as the engine reports it (Spark
 * application name, Flink job name, Ray job `metadata.name`).
 * @public
 */
export const LAKEHOUSE_JOB_NAME_ANNOTATION = 'lakehouse.io/job-name';

/**
 * `lakehouse.io/job-id`: a fixed engine job id, for long-lived jobs whose id
 * does not change (a Flink streaming job, a Ray submission id).
 * @public
 */
export const LAKEHOUSE_JOB_ID_ANNOTATION = 'lakehouse.io/job-id';

/**
 * True when the entity names an engine and a job to show status for.
 * @public
 */
export function isLakehouseJob(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    Boolean(annotations[LAKEHOUSE_ENGINE_ANNOTATION]) &&
    Boolean(
      annotations[LAKEHOUSE_JOB_NAME_ANNOTATION] ||
        annotations[LAKEHOUSE_JOB_ID_ANNOTATION],
    )
  );
}
