import type { EngineInstance } from '../config';
import { FlinkRestClient } from './flink/FlinkRestClient';
import { KubernetesCustomResourceClient } from './kubernetes/KubernetesCustomResourceClient';
import { RayDashboardClient } from './ray/RayDashboardClient';
import { SparkMasterClient } from './spark/SparkMasterClient';
import type { EngineClient } from './types';

/** The client for a configured instance; engines differ only here. */
export function createEngineClient(instance: EngineInstance): EngineClient {
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
