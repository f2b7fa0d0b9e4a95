import type { EngineInstance } from '../../config';
import type { S3ProjectStager } from '../../staging/S3ProjectStager';
import { sendRequest } from '../sendRequest';
import { engineCall, expectStatus, SubmitError } from '../submitErrors';
import type { JobSubmitter, SubmissionContext } from '../types';
import { pythonOutput } from './pythonOutput';

type FlinkRequest = Extract<SubmissionContext['request'], { engine: 'flink' }>;

const PYTHON_DRIVER = 'org.apache.flink.client.python.PythonDriver';
const PYTHON_JAR = /^flink-python[-_].*\.jar$/;
const PYTHON_FAILED = /Python process exits with code/;
/** The JobManager log is read whole (no ranges); a bigger one is not worth reading for a submit error. */
const MAX_LOG_BYTES = 16 * 1024 * 1024;

/** `app/main.py` -> `app.main`: what `-pym` wants. */
export function pythonModule(entrypoint: string): string {
  const parts = entrypoint.replace(/\.py$/, '').split('/');
  if (!parts.every(p => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) {
    throw new SubmitError(
      `Flink runs Python apps as modules: entrypoint '${entrypoint}' must be made of Python identifiers (no '-' or '.' in folder or file names)`,
    );
  }
  return parts.join('.');
}

/**
 * PyFlink apps on a session cluster through the JobManager REST API: the
 * flink-python jar's PythonDriver runs the app's main module, fetched from
 * the object store with `-pyfs` (what the Flink operator does for Python).
 */
export class FlinkRestSubmitter implements JobSubmitter {
  constructor(
    private readonly instance: EngineInstance,
    private readonly stager: S3ProjectStager,
  ) {}

  plan(request: SubmissionContext['request']): string[] {
    const { resources } = request as FlinkRequest;
    return [
      `Stage the project in ${this.stager.describe()}${
        request.name
      }/<submission>/`,
      `POST ${
        this.instance.url
      }/jars/<flink-python jar>/run: ${PYTHON_DRIVER} -pym ${pythonModule(
        request.entrypoint,
      )}`,
      `parallelism ${resources.parallelism}`,
    ];
  }

  /** The PythonDriver's jar must already be uploaded to the cluster (the platform does it once). */
  private async pythonJarId(): Promise<string> {
    const url = `${this.instance.url}/jars`;
    const hint = `Is the Flink JobManager at ${this.instance.url} up?`;
    const result = await engineCall(`Flink jar list (${url})`, hint, () =>
      sendRequest({ method: 'GET', url, timeoutMs: this.instance.timeoutMs }),
    );
    expectStatus(`Flink jar list (${url})`, result, s => s === 200, hint);
    const files =
      (result.body as { files?: { id?: string; name?: string }[] })?.files ??
      [];
    const jar = files.find(f => f.id && PYTHON_JAR.test(f.name ?? ''));
    if (!jar?.id) {
      throw new SubmitError(
        `Flink at ${this.instance.url} has no flink-python jar uploaded. Upload $FLINK_HOME/opt/flink-python-*.jar once with POST ${url}/upload (the local platform's 'lp up' does this).`,
      );
    }
    return jar.id;
  }

  async submit({ request, project, submissionId }: SubmissionContext) {
    const { resources } = request as FlinkRequest;
    const module = pythonModule(request.entrypoint);
    const jarId = await this.pythonJarId();
    const staged = await this.stager.stage(request.name, submissionId, project);
    const files = `s3://${staged.bucket}/${staged.filesKey}`;
    const url = `${this.instance.url}/jars/${encodeURIComponent(jarId)}/run`;
    const body = {
      entryClass: PYTHON_DRIVER,
      programArgsList: ['-pyfs', files, '-pym', module, ...request.args],
      parallelism: resources.parallelism,
    };
    const what = `Flink job submission (${url})`;
    const hint =
      'The Python program runs in the JobManager to build the job graph: read the error above, fix the app, and submit again.';
    const result = await engineCall(
      what,
      `Is the Flink JobManager at ${this.instance.url} up?`,
      () =>
        sendRequest({
          method: 'POST',
          url,
          body,
          timeoutMs: this.instance.submitTimeoutMs,
          maxBytes: 4 * 1024 * 1024,
        }),
    );
    if (result.status !== 200) {
      const cause = flinkCause(result.body);
      const printed = PYTHON_FAILED.test(cause)
        ? await this.pythonOutput(module)
        : undefined;
      throw new SubmitError(
        `${what} answered HTTP ${result.status}: ${cause}. ${
          printed
            ? `The program's last output (JobManager log):\n${printed}\n`
            : ''
        }${hint}`,
      );
    }
    const jobId = (result.body as { jobid?: string })?.jobid;
    if (!jobId) throw new SubmitError(`${what} returned no job id`);
    return { jobId, codeLocation: files };
  }

  /**
   * What the failed program printed: only the JobManager's log has it. Best
   * effort: a missing, huge or slow log leaves the error as Flink gave it.
   */
  private async pythonOutput(module: string): Promise<string | undefined> {
    try {
      const { status, body } = await sendRequest({
        method: 'GET',
        url: `${this.instance.url}/jobmanager/log`,
        timeoutMs: this.instance.timeoutMs,
        maxBytes: MAX_LOG_BYTES,
      });
      return status === 200 && typeof body === 'string'
        ? pythonOutput(body, module)
        : undefined;
    } catch {
      return undefined;
    }
  }

  async cancel(jobId: string) {
    const url = `${this.instance.url}/jobs/${encodeURIComponent(
      jobId,
    )}?mode=cancel`;
    const result = await engineCall(
      `Flink cancel (${url})`,
      'Is the JobManager up?',
      () =>
        sendRequest({
          method: 'PATCH',
          url,
          timeoutMs: this.instance.submitTimeoutMs,
        }),
    );
    expectStatus(
      `Flink cancel (${url})`,
      result,
      s => s === 202 || s === 200,
      '',
    );
  }

  engineUiUrl(jobId: string): string {
    return `${this.instance.url}/#/job/running/${jobId}/overview`;
  }
}

/** Flink wraps the program's failure in Java stack traces: keep the innermost cause. */
export function flinkCause(body: unknown): string {
  const errors = (body as { errors?: unknown[] })?.errors;
  const text = Array.isArray(errors)
    ? errors.map(String).join('\n')
    : String(body);
  const causes = text
    .split('\n')
    .map(l => l.trim())
    .filter(l => l.startsWith('Caused by:'));
  const innermost = causes.length
    ? causes[causes.length - 1].replace(/^Caused by: ([\w.$]+\.)?/, '')
    : text.split('\n')[0];
  return innermost.replace(/\s+/g, ' ').slice(0, 600);
}
