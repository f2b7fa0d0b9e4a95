/**
 * Scaffolder actions for the lakehouse platform: `lakehouse:spark:submit`,
 * `lakehouse:flink:submit`, `lakehouse:ray:submit` and `lakehouse:job:wait`.
 *
 * @packageDocumentation
 */

export { lakehouseScaffolderModule as default } from './module';
export {
  createSubmitFlinkJobAction,
  createSubmitRayJobAction,
  createSubmitSparkJobAction,
} from './actions/submitJobActions';
export { createWaitForJobAction } from './actions/waitForJob';
export { createPublishProjectAction } from './actions/publishProject';
