import { createHash } from 'node:crypto';
import type { EngineInstance } from '../../config';
import { sendRequest } from '../sendRequest';
import { engineCall, expectStatus, SubmitError } from '../submitErrors';
import { describeAppSettings } from '../appSettings';
import type { JobSubmitter, SubmissionContext } from '../types';

type RayRequest = Extract<SubmissionContext['request'], { engine: 'ray' }>;

/**
 * Ray apps through the dashboard's Jobs API, the project uploaded to the
 * cluster's own package store as the job's working directory (what
 * `ray job submit --working-dir` does), so no object store is involved.
 */
export class RayJobSubmitter implements JobSubmitter {
  constructor(private readonly instance: EngineInstance) {}

  /** Arguments are already restricted to shell-safe characters; the entrypoint is run by a shell. */
  private entrypoint(request: SubmissionContext['request']): string {
    return ['python', request.entrypoint, ...request.args].join(' ');
  }

  plan(
    request: SubmissionContext['request'],
    settings: SubmissionContext['settings'],
  ): string[] {
    const { resources } = request as RayRequest;
    return [
      `PUT ${this.instance.url}/api/packages/gcs/<project zip> (the working directory)`,
      `POST ${this.instance.url}/api/jobs/: ${this.entrypoint(request)}`,
      `entrypoint CPUs ${resources.entrypointCpus}, LAKEHOUSE_WORKERS=${resources.workers}`,
      ...describeAppSettings(settings, {
        requirements: 'Ray runtime environment',
        env: 'Ray runtime environment',
        secrets: 'Ray runtime environment',
      }),
    ];
  }

  async submit({ request, project, settings }: SubmissionContext) {
    const { resources } = request as RayRequest;
    const hint = `Is the Ray dashboard at ${this.instance.url} up?`;
    // Content-addressed, like Ray's own client: the same code is uploaded once.
    const pkg = `_ray_pkg_${createHash('sha256')
      .update(project.zip)
      .digest('hex')
      .slice(0, 16)}.zip`;
    const uploadUrl = `${this.instance.url}/api/packages/gcs/${pkg}`;
    const uploaded = await engineCall(
      `Ray package upload (${uploadUrl})`,
      hint,
      () =>
        sendRequest({
          method: 'PUT',
          url: uploadUrl,
          body: project.zip,
          contentType: 'application/zip',
          timeoutMs: this.instance.submitTimeoutMs,
        }),
    );
    expectStatus(
      `Ray package upload (${uploadUrl})`,
      uploaded,
      s => s === 200,
      hint,
    );
    const url = `${this.instance.url}/api/jobs/`;
    const body = {
      entrypoint: this.entrypoint(request),
      entrypoint_num_cpus: resources.entrypointCpus,
      runtime_env: {
        working_dir: `gcs://${pkg}`,
        // Ray builds a virtualenv per requirement set (cached per node); a failed install fails the job with pip's output.
        ...(settings.requirements.length && {
          pip: { packages: settings.requirements, pip_check: false },
        }),
        env_vars: {
          ...settings.env,
          ...settings.secretEnv,
          LAKEHOUSE_WORKERS: String(resources.workers),
        },
      },
      metadata: { name: request.name, 'submitted-by': 'backstage-lakehouse' },
    };
    const result = await engineCall(`Ray job submission (${url})`, hint, () =>
      sendRequest({
        method: 'POST',
        url,
        body,
        timeoutMs: this.instance.submitTimeoutMs,
      }),
    );
    expectStatus(
      `Ray job submission (${url})`,
      result,
      s => s === 200,
      'Check the entrypoint and runtime environment.',
    );
    const jobId = (result.body as { submission_id?: string })?.submission_id;
    if (!jobId)
      throw new SubmitError(
        `Ray job submission (${url}) returned no submission id`,
      );
    return { jobId, codeLocation: `gcs://${pkg}` };
  }

  async cancel(jobId: string) {
    const url = `${this.instance.url}/api/jobs/${encodeURIComponent(
      jobId,
    )}/stop`;
    const result = await engineCall(
      `Ray stop (${url})`,
      'Is the dashboard up?',
      () =>
        sendRequest({
          method: 'POST',
          url,
          timeoutMs: this.instance.submitTimeoutMs,
        }),
    );
    expectStatus(`Ray stop (${url})`, result, s => s === 200, '');
  }

  engineUiUrl(jobId: string): string {
    return `${this.instance.url}/#/jobs/${jobId}`;
  }
}
