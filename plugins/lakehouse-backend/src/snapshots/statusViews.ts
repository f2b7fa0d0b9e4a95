import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type {
  EngineInstanceSummary,
  EngineKind,
  EngineSnapshot,
  JobDetailResponse,
  JobsPage,
  JobsQueryParams,
} from '@internal/plugin-lakehouse-common';
import { EngineFetchError } from '../engines/http';
import { jobCounts } from '../jobs/jobIndex';
import type { JobHistory } from '../jobs/JobHistory';
import { queryJobs } from '../jobs/queryJobs';
import type { SnapshotStore } from './SnapshotStore';

/**
 * The `/engines` list: everything but the job list, plus job counts per state
 * (counted once per poll) and, if asked, the newest `firstJobs` jobs: a page
 * opens with its tables filled from one request. The actions registry's
 * `list-engines` answers the same.
 */
export function summarise(
  snapshot: EngineSnapshot,
  firstJobs?: number,
): EngineInstanceSummary {
  const { data, ...rest } = snapshot;
  if (!data) return rest;
  return {
    ...rest,
    cluster: data.cluster,
    jobCounts: jobCounts(data),
    ...(data.services && { services: data.services }),
    ...(firstJobs && {
      firstJobs: queryJobs([snapshot], { limit: firstJobs, offset: 0 }),
    }),
  };
}

/**
 * One job's detail, read from its engine now (details are not polled), bounded by the instance's timeout:
 * 404 for an instance or job that does not exist, 503 when the engine does not answer.
 */
export async function readJobDetail(
  store: SnapshotStore,
  ref: { engine: EngineKind; instance: string; jobId: string },
  logger?: LoggerService,
  history?: Pick<JobHistory, 'detail'>,
): Promise<JobDetailResponse> {
  const { engine, instance, jobId } = ref;
  if (!store.findInstance(engine, instance)) {
    throw new NotFoundError(
      `No ${engine} instance '${instance}' is configured`,
    );
  }
  let detail: JobDetailResponse | undefined;
  try {
    detail = await store.jobDetail(engine, instance, jobId);
  } catch (e) {
    if (e instanceof EngineFetchError) {
      logger?.warn(
        `Job detail ${engine}/${instance}/${jobId} failed: ${e.message}`,
      );
      throw new ServiceUnavailableError(
        `${engine} instance '${instance}' did not answer: ${e.message}`,
      );
    }
    throw e;
  }
  // Forgotten by the engine (restarted, past its retention): as the portal kept it.
  detail ??= await history?.detail(engine, instance, jobId);
  if (!detail) {
    throw new NotFoundError(
      `${engine} instance '${instance}' has no job '${jobId}'`,
    );
  }
  return detail;
}

/** `GET /jobs`: the engines' jobs from the last polls, with the kept jobs they no longer list. */
export async function listJobs(
  store: SnapshotStore,
  query: JobsQueryParams,
  history?: Pick<JobHistory, 'forgotten'>,
): Promise<JobsPage> {
  const snapshots = await store.list();
  return queryJobs(
    snapshots,
    query,
    history ? snapshots.flatMap(s => history.forgotten(s) ?? []) : [],
  );
}
