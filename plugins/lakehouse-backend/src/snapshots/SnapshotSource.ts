import type {
  EngineData,
  JobDetailResponse,
} from '@internal/plugin-lakehouse-common';
import { yieldToEventLoop } from '../engines/EngineHttp';
import type { EngineClient } from '../engines/types';

/**
 * Where the snapshot store reads one instance: its snapshot, with the JSON
 * text the cache service keeps, and one job's details. On the poll worker
 * (`PollWorkerClient.sourceFor`) or on this thread ({@link inThreadSource}).
 */
export interface SnapshotSource {
  fetchSnapshot(
    signal?: AbortSignal,
  ): Promise<{ data: EngineData; json: string }>;
  fetchJobDetail(
    jobId: string,
    signal?: AbortSignal,
  ): Promise<JobDetailResponse | undefined>;
}

/** An engine client run on the event loop (`lakehouse.pollInWorkerThread: false`, msw-based tests). */
export function inThreadSource(client: EngineClient): SnapshotSource {
  return {
    async fetchSnapshot(signal) {
      const data = await client.fetchSnapshot(signal);
      await yieldToEventLoop(); // between mapping and serialising, both long for large clusters
      return { data, json: JSON.stringify(data) };
    },
    fetchJobDetail: (jobId, signal) => client.fetchJobDetail(jobId, signal),
  };
}
