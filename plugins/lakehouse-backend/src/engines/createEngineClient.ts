import type { EngineInstance } from '../config';
import { FlinkRestClient } from './flink/FlinkRestClient';
import { KubernetesCustomResourceClient } from './kubernetes/KubernetesCustomResourceClient';
import { RayDashboardClient } from './ray/RayDashboardClient';
import { redactDeep, registerSecret } from './redact';
import { SparkMasterClient } from './spark/SparkMasterClient';
import type { EngineClient } from './types';

/**
 * The client for a configured instance; engines differ only here. Job details
 * quote the engine (Ray's log tail, Flink's stack traces, Spark's driver
 * message, an operator's error), and anyone who may read status reads them:
 * every string of a detail is redacted here, whichever engine produced it.
 */
export function createEngineClient(instance: EngineInstance): EngineClient {
  // Also on the poll worker's thread, which has its own copy of the known secrets.
  registerSecret(instance.kubernetes?.token);
  const client = engineClient(instance);
  return {
    fetchSnapshot: signal => client.fetchSnapshot(signal),
    fetchJobDetail: async (jobId, signal) =>
      redactDeep(await client.fetchJobDetail(jobId, signal)),
  };
}

function engineClient(instance: EngineInstance): EngineClient {
  if (instance.kubernetes) return new KubernetesCustomResourceClient(instance);
  switch (instance.engine) {
    case 'spark':
      return new SparkMasterClient(instance);
    case 'flink':
      return new FlinkRestClient(instance);
    case 'ray':
      return new RayDashboardClient(instance);
    default:
      throw new Error(
        `Unsupported engine '${(instance as { engine: string }).engine}'`,
      );
  }
}
