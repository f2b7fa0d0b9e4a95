import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { EngineInstance } from '../../config';
import type { S3ProjectStager } from '../../staging/S3ProjectStager';
import { sendRequest } from '../sendRequest';
import { engineCall, expectStatus, SubmitError } from '../submitErrors';
import { describeAppSettings } from '../appSettings';
import { LAUNCHER_MODULE, withLauncher } from '../pythonLauncher';
import type { JobSubmitter, SubmissionContext } from '../types';
import { flinkCause } from './flinkCause';
import { FlinkSavepoints } from './FlinkSavepoints';
import { pythonOutput } from './pythonOutput';

type FlinkRequest = Extract<SubmissionContext['request'], { engine: 'flink' }>;

const PYTHON_DRIVER = 'org.apache.flink.client.python.PythonDriver';
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
  /** The id of the runner jar this backend uploaded, while the JobManager still lists it. */
  private uploadedJarId?: string;
  private uploading?: Promise<string>;
  readonly savepoints: FlinkSavepoints;

  constructor(
    private readonly instance: EngineInstance,
    private readonly stager: S3ProjectStager,
  ) {
    this.savepoints = new FlinkSavepoints(instance);
  }

  plan(
    request: SubmissionContext['request'],
    settings: SubmissionContext['settings'],
  ): string[] {
    const { resources } = request as FlinkRequest;
    refuseSecrets(settings);
    const launch = needsLauncher(settings)
      ? [
          `the JobManager runs ${LAUNCHER_MODULE}, which pip-installs the requirements and sets the environment (cached per node), then the app's module`,
        ]
      : [];
    return [
      `Stage the project in ${this.stager.describe()}${
        request.name
      }/<submission>/`,
      `POST ${
        this.instance.url
      }/jars/<the configured flink-python jar>/run: ${PYTHON_DRIVER} -pym ${pythonModule(
        request.entrypoint,
      )}`,
      `parallelism ${resources.parallelism}`,
      ...launch,
      ...describeAppSettings(settings, {
        requirements: "the job's Python program",
        env: "the job's Python program",
        secrets: 'not delivered: refused for session clusters',
      }),
    ];
  }

  /**
   * The PythonDriver's jar: one this backend uploaded itself, or the one pinned by id in config,
   * never one picked by name from the JobManager's list, which anyone who reaches its REST API can
   * add to (and so decide what runs with the JobManager's credentials).
   */
  private async pythonJarId(): Promise<string> {
    const { url, name } = this.instance;
    const key = `lakehouse.engines.flink[${name}].pythonRunnerJar`;
    const pinned = this.instance.pythonRunnerJar;
    if (!pinned) {
      throw new SubmitError(
        `Flink instance '${name}' has no runner jar configured: set ${key} to the path of flink-python-<version>.jar (the backend uploads it) or to the id of one uploaded to ${url}/jars/upload`,
      );
    }
    const listed = await this.listedJarIds();
    if ('id' in pinned) {
      if (!listed.has(pinned.id)) {
        throw new SubmitError(
          `Flink at ${url} has no flink-python jar uploaded with the id pinned in ${key} ('${pinned.id}'). Upload $FLINK_HOME/opt/flink-python-*.jar with POST ${url}/jars/upload and pin the id it answers (the local platform's 'lp up' uploads one), or set ${key} to the jar's path so that the backend uploads it itself.`,
        );
      }
      return pinned.id;
    }
    if (this.uploadedJarId && listed.has(this.uploadedJarId)) {
      return this.uploadedJarId;
    }
    // Not uploaded yet, or gone with a JobManager restart; concurrent submissions share one upload.
    this.uploading ??= this.upload(pinned.file).finally(() => {
      this.uploading = undefined;
    });
    this.uploadedJarId = await this.uploading;
    return this.uploadedJarId;
  }

  private async listedJarIds(): Promise<Set<string>> {
    const url = `${this.instance.url}/jars`;
    const hint = `Is the Flink JobManager at ${this.instance.url} up?`;
    const result = await engineCall(`Flink jar list (${url})`, hint, () =>
      sendRequest({ method: 'GET', url, timeoutMs: this.instance.timeoutMs }),
    );
    expectStatus(`Flink jar list (${url})`, result, s => s === 200, hint);
    const files = (result.body as { files?: { id?: unknown }[] })?.files;
    return new Set(
      (Array.isArray(files) ? files : []).flatMap(f =>
        typeof f?.id === 'string' ? [f.id] : [],
      ),
    );
  }

  private async upload(file: string): Promise<string> {
    const url = `${this.instance.url}/jars/upload`;
    const boundary = `----lakehouse${Date.now().toString(16)}`;
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="jarfile"; filename="${basename(
          file,
        )}"\r\nContent-Type: application/x-java-archive\r\n\r\n`,
      ),
      await readFile(file),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const what = `Flink runner jar upload (${url})`;
    const result = await engineCall(
      what,
      `Is the Flink JobManager at ${this.instance.url} up?`,
      () =>
        sendRequest({
          method: 'POST',
          url,
          body,
          contentType: `multipart/form-data; boundary=${boundary}`,
          timeoutMs: this.instance.submitTimeoutMs,
        }),
    );
    expectStatus(what, result, s => s === 200, '');
    // Flink answers the stored file's path; its last segment is the jar id.
    const stored = (result.body as { filename?: unknown })?.filename;
    const id = typeof stored === 'string' ? stored.split('/').pop() : undefined;
    if (!id) throw new SubmitError(`${what} returned no file name`);
    return id;
  }

  async submit({
    request,
    project,
    submissionId,
    settings,
    restore,
  }: SubmissionContext) {
    const { resources } = request as FlinkRequest;
    refuseSecrets(settings);
    const module = pythonModule(request.entrypoint);
    const launch = needsLauncher(settings)
      ? withLauncher(project, { module }, settings)
      : undefined;
    const jarId = await this.pythonJarId();
    // Named after the submission: the JobManager log names this folder, which finds this run's output.
    const folder = `files-${submissionId}`;
    const staged = await this.stager.stage(
      request.name,
      submissionId,
      launch?.project ?? project,
      folder,
    );
    const files = `s3://${staged.bucket}/${staged.filesKey}`;
    const url = `${this.instance.url}/jars/${encodeURIComponent(jarId)}/run`;
    const body = {
      entryClass: PYTHON_DRIVER,
      programArgsList: [
        '-pyfs',
        files,
        '-pym',
        ...(launch ? [LAUNCHER_MODULE, launch.launcherArg] : [module]),
        ...request.args,
      ],
      parallelism: resources.parallelism,
      ...(restore && {
        savepointPath: restore.path,
        allowNonRestoredState: restore.allowNonRestoredState,
      }),
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
        ? await this.pythonOutput(folder)
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
    return { jobId, codeLocation: files, keptZipKey: staged.zipKey };
  }

  /**
   * What the failed program printed: only the JobManager's log has it. Best
   * effort: a missing, huge or slow log leaves the error as Flink gave it.
   */
  private async pythonOutput(folder: string): Promise<string | undefined> {
    try {
      const { status, body } = await sendRequest({
        method: 'GET',
        url: `${this.instance.url}/jobmanager/log`,
        timeoutMs: this.instance.timeoutMs,
        maxBytes: MAX_LOG_BYTES,
      });
      return status === 200 && typeof body === 'string'
        ? pythonOutput(body, folder)
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

/** A session cluster runs every job's program in the one JobManager: nothing per job is hidden from its UI. */
function refuseSecrets(settings: SubmissionContext['settings']) {
  if (settings.secretSources.length) {
    throw new SubmitError(
      `Flink session clusters have no per-job secret channel (a job's arguments and configuration show in Flink's UI): give the cluster the credentials ${settings.secretSources.join(
        ', ',
      )} holds through its own configuration or pod environment, and leave secrets out of the request`,
    );
  }
}

function needsLauncher(settings: SubmissionContext['settings']): boolean {
  return (
    settings.requirements.length > 0 || Object.keys(settings.env).length > 0
  );
}
