/** The job a submit answered with, and its final state. */
export interface FinishedJob {
  jobId: string;
  state: string;
}

/**
 * Submits a job through the lakehouse backend's submit API (as `./portal start` and the templates do) and
 * waits for a final state. `baseUrl`: the backend's root (`http://127.0.0.1:PORT`); `headers` carry the
 * caller's credentials where the backend needs them.
 */
export async function submitAndWait(
  baseUrl: string,
  engine: string,
  body: Record<string, unknown>,
  options: { timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<FinishedJob> {
  const headers = { 'content-type': 'application/json', ...options.headers };
  const res = await fetch(`${baseUrl}/api/lakehouse/jobs/${engine}/local`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const submitted = await res.json();
  if (res.status !== 201) {
    throw new Error(
      `submit of ${body.name} answered ${res.status}: ${JSON.stringify(
        submitted,
      )}`,
    );
  }
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const url = `${baseUrl}/api/lakehouse/jobs/${engine}/local/${encodeURIComponent(
    submitted.jobId,
  )}`;
  let state: string | undefined;
  while (Date.now() < deadline) {
    const job = await fetch(url, { headers });
    state = job.ok ? (await job.json())?.job?.state : undefined;
    if (state && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state)) {
      return { jobId: submitted.jobId, state };
    }
    await new Promise(r => setTimeout(r, 2_000));
  }
  throw new Error(
    `${engine} job ${submitted.jobId} did not end in time (last state ${state})`,
  );
}
