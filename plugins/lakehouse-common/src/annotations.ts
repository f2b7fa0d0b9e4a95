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
 * `lakehouse.io/serve-application`: the Ray Serve application (its name in `serve.run(name=...)` or
 * a RayService's `serveConfigV2`) the entity stands for. The catalog's long-running job provider
 * sets it; a hand-written entity claims an application with it, so it is not discovered twice.
 * @public
 */
export const LAKEHOUSE_SERVE_APPLICATION_ANNOTATION =
  'lakehouse.io/serve-application';

/**
 * `lakehouse.io/iceberg-table`: the Iceberg table (`namespace.table`) the entity stands for. The
 * catalog's table provider sets it; a hand-written entity claims a table with it.
 * @public
 */
export const LAKEHOUSE_ICEBERG_TABLE_ANNOTATION = 'lakehouse.io/iceberg-table';

/**
 * `lakehouse.io/iceberg-ref`: the Nessie branch or tag the entity's table is on, when not the default
 * branch (the table provider makes an entity per table on each configured branch).
 * @public
 */
export const LAKEHOUSE_ICEBERG_REF_ANNOTATION = 'lakehouse.io/iceberg-ref';

/**
 * `lakehouse.io/platform-service`: the platform service (`nessie`, `s3`) a component is, whose health
 * its page shows.
 * @public
 */
export const LAKEHOUSE_PLATFORM_SERVICE_ANNOTATION =
  'lakehouse.io/platform-service';

/**
 * `lakehouse.io/lineage-dataset`: the lineage dataset key (`<namespace>/<name>` of an OpenLineage
 * dataset, e.g. `s3://warehouse/data/users.csv`) the entity stands for. A value ending in `/` is a
 * prefix: it stands for every dataset below it (`s3a://warehouse/data/`). Lineage edges whose
 * dataset matches become `dependsOn` relations of the entity.
 * @public
 */
export const LAKEHOUSE_LINEAGE_DATASET_ANNOTATION =
  'lakehouse.io/lineage-dataset';

/**
 * `lakehouse.io/lineage-inputs`: datasets the entity reads that no lineage event reports, comma-separated
 * dataset keys (`<namespace>/<name>`) or `iceberg:<namespace.table>`. The entity depends on them.
 * @public
 */
export const LAKEHOUSE_LINEAGE_INPUTS_ANNOTATION =
  'lakehouse.io/lineage-inputs';

/**
 * `lakehouse.io/lineage-outputs`: datasets the entity writes that no lineage event reports, in the form
 * of `lakehouse.io/lineage-inputs`. They depend on the entity.
 * @public
 */
export const LAKEHOUSE_LINEAGE_OUTPUTS_ANNOTATION =
  'lakehouse.io/lineage-outputs';

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
