import type { SchedulerService } from '@backstage/backend-plugin-api';
import type { EngineInstance } from '../config';
import { FlinkRestClient } from '../engines/flink/FlinkRestClient';
import {
  FLINK_PLAN_LINEAGE_TASK,
  FlinkPlanLineage,
  type FlinkPlanLineageOptions,
} from './FlinkPlanLineage';

/**
 * Every 30 s, the plans of Flink jobs that started running since: soon enough for a new job's
 * lineage to show, and a pass with nothing new costs only snapshot reads.
 */
export async function scheduleFlinkPlanLineage(
  options: Omit<FlinkPlanLineageOptions, 'planOf'> & {
    scheduler: SchedulerService;
  },
): Promise<void> {
  const { scheduler, ...rest } = options;
  if (!rest.instances.length) return;
  const clients = new Map<EngineInstance, FlinkRestClient>(
    rest.instances.map(i => [i, new FlinkRestClient(i)]),
  );
  const lineage = new FlinkPlanLineage({
    ...rest,
    planOf: (instance, jobId) => clients.get(instance)!.fetchJobPlan(jobId),
  });
  await scheduler.scheduleTask({
    id: FLINK_PLAN_LINEAGE_TASK,
    frequency: { seconds: 30 },
    timeout: { minutes: 2 },
    // Each replica remembers the jobs it read: one replica reading them all avoids doing it twice.
    scope: 'global',
    fn: () => lineage.run(),
  });
}
