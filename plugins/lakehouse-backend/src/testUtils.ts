/**
 * Test helpers of the lakehouse backend for other packages' tests.
 *
 * @packageDocumentation
 */
export { hostileZips, type HostileZip } from './testUtils/hostileZips';
export { lakehouseTestConfig } from './testUtils/lakehouseTestConfig';
export { submitAndWait, type FinishedJob } from './testUtils/submitAndWait';
export {
  cancelFlink,
  deleteFlinkJar,
  runFlink,
  uploadFlinkPythonJar,
} from './integration/submitJobs';
/** The scheduled task that reads running Flink jobs' plans into lineage: tests trigger it. */
export { FLINK_PLAN_LINEAGE_TASK } from './lineage/FlinkPlanLineage';
/** The harness's real kube-apiserver with the operators' CRDs, and what tests write to it as the operators would. */
export {
  clusterLocatorConfig,
  customResourceKind,
  startKube,
  statusFixture,
  writeStatus,
  type KubeHarness,
} from './integration/kubeHarness';
export { manualScheduler } from './__testUtils__/manualScheduler';
