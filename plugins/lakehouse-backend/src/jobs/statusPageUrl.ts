/** Where the portal shows one job: its engine's Data platform tab with the job's drawer open. */
export function statusPageUrl(
  appBaseUrl: string,
  job: { engine: string; instance: string; jobId: string },
): string {
  const query = new URLSearchParams({ instance: job.instance, job: job.jobId });
  return `${appBaseUrl}/data-platform/${job.engine}?${query}`;
}
