import pLimit from 'p-limit';

/** Job ids whose type is remembered; past this, the oldest is forgotten (and read again if still listed). */
export const MAX_REMEMBERED_JOBS = 4_096;
/** New ids read per poll: after a restart, a cluster's many running jobs are learnt over a few polls, not one slow one. */
export const MAX_READS_PER_POLL = 16;
const CONCURRENT_READS = 4;

/**
 * Whether each Flink job is streaming. `/jobs/overview`, which is polled, does not say; `/jobs/:jid`
 * does (`job-type`), and a job's type never changes, so each id is read once and remembered.
 */
export class FlinkJobTypes {
  readonly #streaming = new Map<string, boolean>();
  readonly #limit = pLimit(CONCURRENT_READS);

  /** `readType`: the job's `job-type`, undefined when Flink does not know the job. */
  constructor(
    private readonly readType: (
      jobId: string,
      signal?: AbortSignal,
    ) => Promise<string | undefined>,
  ) {}

  /**
   * job id -> streaming, for those of `jobIds` whose type is known. Ids not known yet are read
   * first; a read that fails or gives no type is left out, to be tried again on a later call,
   * and never fails this one.
   */
  async of(
    jobIds: string[],
    signal?: AbortSignal,
  ): Promise<Map<string, boolean>> {
    const unknown = [...new Set(jobIds)]
      .filter(id => !this.#streaming.has(id))
      .slice(0, MAX_READS_PER_POLL);
    await Promise.all(
      unknown.map(id =>
        this.#limit(async () => {
          const type = await this.readType(id, signal).catch(() => undefined);
          if (type === 'STREAMING' || type === 'BATCH') {
            this.#remember(id, type === 'STREAMING');
          }
        }),
      ),
    );
    const known = new Map<string, boolean>();
    for (const id of jobIds) {
      const streaming = this.#streaming.get(id);
      if (streaming !== undefined) known.set(id, streaming);
    }
    return known;
  }

  #remember(id: string, streaming: boolean) {
    this.#streaming.set(id, streaming);
    // A Map iterates in insertion order: the first key is the oldest.
    if (this.#streaming.size > MAX_REMEMBERED_JOBS) {
      this.#streaming.delete(this.#streaming.keys().next().value!);
    }
  }
}
