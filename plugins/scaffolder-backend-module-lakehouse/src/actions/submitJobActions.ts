import {
  flinkResourcesSchema,
  rayResourcesSchema,
  sparkResourcesSchema,
} from '@internal/plugin-lakehouse-common';
import type { LakehouseJobsService } from '@internal/plugin-lakehouse-node';
import yaml from 'yaml';
import { createSubmitJobAction } from './submitJob';

const example = (
  description: string,
  input: Record<string, unknown>,
  action: string,
) => ({
  description,
  example: yaml.stringify({
    steps: [{ id: 'submit', action, name: 'Submit the job', input }],
  }),
});

/**
 * `lakehouse:spark:submit`: a PySpark app, in cluster mode, through the
 * standalone master's REST submission server.
 * @public
 */
export function createSubmitSparkJobAction(options: {
  jobs: LakehouseJobsService;
}) {
  return createSubmitJobAction({
    ...options,
    engine: 'spark',
    resources: sparkResourcesSchema,
    description:
      "Submits the workspace's PySpark app to a Spark cluster (REST submission server, cluster mode); the code is staged in the platform's object store",
    examples: [
      example(
        'Submit a batch ETL app with two executors',
        {
          instance: 'local',
          name: '${{ parameters.name }}',
          entrypoint: 'main.py',
          args: ['--run-date=2026-11-26'],
          resources: { executors: 2, executorMemory: '1g' },
        },
        'lakehouse:spark:submit',
      ),
    ],
  });
}

/**
 * `lakehouse:flink:submit`: a PyFlink app on a Flink session cluster through
 * the JobManager REST API.
 * @public
 */
export function createSubmitFlinkJobAction(options: {
  jobs: LakehouseJobsService;
}) {
  return createSubmitJobAction({
    ...options,
    engine: 'flink',
    resources: flinkResourcesSchema,
    description:
      "Submits the workspace's PyFlink app to a Flink session cluster (REST API, PythonDriver); the code is staged in the platform's object store",
    examples: [
      example(
        'Submit a streaming job with parallelism 2',
        {
          name: '${{ parameters.name }}',
          entrypoint: 'app/main.py',
          resources: { parallelism: 2 },
        },
        'lakehouse:flink:submit',
      ),
    ],
  });
}

/**
 * `lakehouse:ray:submit`: a Ray app through the Jobs API, the project
 * uploaded as its working directory.
 * @public
 */
export function createSubmitRayJobAction(options: {
  jobs: LakehouseJobsService;
}) {
  return createSubmitJobAction({
    ...options,
    engine: 'ray',
    resources: rayResourcesSchema,
    description:
      "Submits the workspace's Ray app to a Ray cluster (Jobs API), the project uploaded as the job's working directory",
    examples: [
      example(
        'Submit a training job fanning out to four workers',
        {
          name: '${{ parameters.name }}',
          entrypoint: 'main.py',
          args: ['--epochs=3'],
          resources: { workers: 4 },
        },
        'lakehouse:ray:submit',
      ),
    ],
  });
}
