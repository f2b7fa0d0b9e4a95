import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EngineSnapshot } from '@internal/plugin-lakehouse-common';
import type { EngineInstance } from '../config';
import type { FlinkJobPlan } from '../engines/flink/flinkSchemas';
import { flinkPlanEdges } from './flinkPlan';
import type { LineageStore } from './LineageStore';

export const FLINK_PLAN_LINEAGE_TASK = 'lakehouse-lineage-flink-plan';

export interface FlinkPlanLineageOptions {
  /** The Flink REST instances (a Kubernetes instance has no JobManager URL of its own). */
  instances: EngineInstance[];
  snapshots: {
    get(engine: string, name: string): Promise<EngineSnapshot | undefined>;
  };
  lineage: Pick<LineageStore, 'upsert'>;
  planOf: (
    instance: EngineInstance,
    jobId: string,
  ) => Promise<FlinkJobPlan | undefined>;
  icebergCatalogNames: readonly string[];
  logger: LoggerService;
  /**
   * How often a job still running is read again, so its edges stay fresher than the store's retention.
   * Default one day.
   */
  rereadAfterMs?: number;
}

const DEFAULT_REREAD_MS = 24 * 3600_000;

/**
 * Records the sources and sinks of running Flink jobs from their plans. A job's plan does not change
 * while it runs, so each job id is read once (and again daily, to keep its edges from expiring); the ids
 * come from the polled snapshots, so this adds one Flink call per new job, never a poll of its own.
 */
export class FlinkPlanLineage {
  /** When each running job (`instance/jobId`) was recorded; forgotten once the job stops running. */
  readonly #seen = new Map<string, number>();

  constructor(private readonly options: FlinkPlanLineageOptions) {}

  /** One pass; never throws (a failing Flink is logged and asked again next pass). */
  async run(): Promise<void> {
    const running = new Set<string>();
    for (const instance of this.options.instances) {
      let snapshot;
      try {
        snapshot = await this.options.snapshots.get('flink', instance.name);
      } catch (e) {
        this.options.logger.warn(
          `Lineage: no snapshot of flink/${instance.name}: ${e}`,
        );
        continue;
      }
      for (const job of snapshot?.data?.jobs ?? []) {
        if (job.state !== 'RUNNING') continue;
        const key = `${instance.name}/${job.id}`;
        running.add(key);
        const recorded = this.#seen.get(key);
        const rereadAfter = this.options.rereadAfterMs ?? DEFAULT_REREAD_MS;
        if (recorded !== undefined && Date.now() - recorded < rereadAfter) {
          continue;
        }
        if (await this.#record(instance, job.id))
          this.#seen.set(key, Date.now());
      }
    }
    for (const key of this.#seen.keys()) {
      if (!running.has(key)) this.#seen.delete(key);
    }
  }

  /** True when the job is done with: recorded, or gone from Flink. */
  async #record(instance: EngineInstance, jobId: string): Promise<boolean> {
    try {
      const plan = await this.options.planOf(instance, jobId);
      if (!plan) return true;
      const edges = flinkPlanEdges(
        plan,
        instance.name,
        this.options.icebergCatalogNames,
      );
      if (edges.length) await this.options.lineage.upsert(edges);
      return true;
    } catch (e) {
      this.options.logger.warn(
        `Lineage: could not read the plan of flink/${instance.name} job ${jobId}: ${e}`,
      );
      return false;
    }
  }
}
