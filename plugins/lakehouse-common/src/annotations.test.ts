import type { Entity } from '@backstage/catalog-model';
import {
  isLakehouseJob,
  LAKEHOUSE_ENGINE_ANNOTATION,
  LAKEHOUSE_JOB_ID_ANNOTATION,
  LAKEHOUSE_JOB_NAME_ANNOTATION,
  LAKEHOUSE_LINEAGE_DATASET_ANNOTATION,
  LAKEHOUSE_LINEAGE_INPUTS_ANNOTATION,
  LAKEHOUSE_LINEAGE_OUTPUTS_ANNOTATION,
  LAKEHOUSE_SERVE_APPLICATION_ANNOTATION,
} from './annotations';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'fraud-detection', annotations },
});

describe('isLakehouseJob', () => {
  it('keeps the exact annotation keys the TSDoc quotes', () => {
    expect([
      LAKEHOUSE_ENGINE_ANNOTATION,
      LAKEHOUSE_JOB_NAME_ANNOTATION,
      LAKEHOUSE_JOB_ID_ANNOTATION,
    ]).toEqual([
      'lakehouse.io/engine',
      'lakehouse.io/job-name',
      'lakehouse.io/job-id',
    ]);
    // catalog-info.yaml files write these keys by hand.
    expect([
      LAKEHOUSE_LINEAGE_DATASET_ANNOTATION,
      LAKEHOUSE_LINEAGE_INPUTS_ANNOTATION,
      LAKEHOUSE_LINEAGE_OUTPUTS_ANNOTATION,
      LAKEHOUSE_SERVE_APPLICATION_ANNOTATION,
    ]).toEqual([
      'lakehouse.io/lineage-dataset',
      'lakehouse.io/lineage-inputs',
      'lakehouse.io/lineage-outputs',
      'lakehouse.io/serve-application',
    ]);
  });

  it('needs an engine and a job name or id', () => {
    expect(
      isLakehouseJob(
        entity({
          'lakehouse.io/engine': 'flink',
          'lakehouse.io/job-name': 'fraud',
        }),
      ),
    ).toBe(true);
    expect(
      isLakehouseJob(
        entity({
          'lakehouse.io/engine': 'ray',
          'lakehouse.io/job-id': 'raysubmit_1',
        }),
      ),
    ).toBe(true);
    expect(isLakehouseJob(entity({ 'lakehouse.io/engine': 'spark' }))).toBe(
      false,
    );
    expect(isLakehouseJob(entity({ 'lakehouse.io/job-name': 'fraud' }))).toBe(
      false,
    );
    expect(isLakehouseJob(entity())).toBe(false);
  });
});
