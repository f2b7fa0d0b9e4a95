import type { EngineInstance } from '../../config';
import type {
  StagedProject,
  S3ProjectStager,
} from '../../staging/S3ProjectStager';
import { sendRequest } from '../sendRequest';
import { engineCall, expectStatus, SubmitError } from '../submitErrors';
import { describeAppSettings } from '../appSettings';
import { LAUNCHER_FILE, withLauncher } from '../pythonLauncher';
import type { JobSubmitter, SubmissionContext } from '../types';
import type { OpenLineageTransport } from '../../lineage/OpenLineageTransport';

type SparkRequest = Extract<SubmissionContext['request'], { engine: 'spark' }>;

/**
 * Python apps through the standalone master's REST submission server, in
 * cluster mode: the driver's SparkSubmit downloads the main file and the
 * project zip from s3a://, so the cluster needs nothing from the portal's disk.
 */
export class SparkRestSubmitter implements JobSubmitter {
  constructor(
    private readonly instance: EngineInstance,
    private readonly stager: S3ProjectStager,
    /** Set when the instance's drivers run OpenLineage's listener (`openLineage: true`). */
    private readonly openLineage?: OpenLineageTransport,
  ) {}

  private get restUrl(): string {
    if (!this.instance.restUrl || !this.instance.masterUrl) {
      throw new SubmitError(
        `Spark instance '${this.instance.name}' cannot take submissions: set lakehouse.engines.spark[].restUrl (the REST submission server, :6066) and masterUrl (spark://host:7077) in app-config`,
      );
    }
    return this.instance.restUrl;
  }

  plan(
    request: SubmissionContext['request'],
    settings: SubmissionContext['settings'],
  ): string[] {
    const { resources: r } = request as SparkRequest;
    const launch = settings.requirements.length
      ? [
          `the driver runs ${LAUNCHER_FILE}, which pip-installs the requirements (cached per driver node) and then ${request.entrypoint}`,
        ]
      : [];
    return [
      `Stage the project in ${this.stager.describe()}${
        request.name
      }/<submission>/`,
      `POST ${this.restUrl}/v1/submissions/create: ${request.entrypoint} in cluster mode on ${this.instance.masterUrl}`,
      `driver ${r.driverCores} core(s) ${r.driverMemory}, ${r.executors} executor(s) of ${r.executorCores} core(s) ${r.executorMemory}`,
      ...launch,
      ...(this.openLineage
        ? [
            'the driver reports what it reads and writes (OpenLineage) to the portal',
          ]
        : []),
      ...describeAppSettings(settings, {
        requirements: 'driver',
        env: 'driver and executors',
        secrets: 'driver only',
      }),
    ];
  }

  async submit({
    request,
    project,
    submissionId,
    settings,
  }: SubmissionContext) {
    const restUrl = this.restUrl;
    const { resources: r } = request as SparkRequest;
    // Spark has no per-application Python environment in standalone mode: the launcher installs one for the driver.
    const launch = settings.requirements.length
      ? withLauncher(project, { path: request.entrypoint }, settings)
      : undefined;
    const staged: StagedProject = await this.stager.stage(
      request.name,
      submissionId,
      launch?.project ?? project,
    );
    const s3a = (key: string) => `s3a://${staged.bucket}/${key}`;
    const main = launch
      ? [s3a(`${staged.filesKey}${LAUNCHER_FILE}`), launch.launcherArg]
      : [s3a(`${staged.filesKey}${request.entrypoint}`)];
    const master = this.instance.masterUrl!;
    const lineage = await this.openLineage?.forSpark(request.name);
    const body = {
      action: 'CreateSubmissionRequest',
      appResource: '',
      clientSparkVersion: '',
      mainClass: 'org.apache.spark.deploy.SparkSubmit',
      appArgs: [
        '--master',
        master,
        '--py-files',
        s3a(staged.zipKey),
        ...main,
        ...request.args,
      ],
      // The driver's environment: not shown by the master or the application UI, so secrets may go here.
      environmentVariables: {
        ...settings.env,
        ...settings.secretEnv,
        ...lineage?.secretEnv,
        SPARK_ENV_LOADED: '1',
      },
      sparkProperties: {
        'spark.app.name': request.name,
        'spark.master': master,
        'spark.submit.deployMode': 'cluster',
        'spark.driver.supervise': 'false',
        'spark.driver.cores': String(r.driverCores),
        'spark.driver.memory': r.driverMemory,
        'spark.executor.cores': String(r.executorCores),
        'spark.executor.memory': r.executorMemory,
        // Standalone sizes an app by its total cores, not an instance count.
        'spark.cores.max': String(r.executors * r.executorCores),
        ...lineage?.properties,
        // Executors get the non-secret settings only: Spark's UI lists its properties.
        ...Object.fromEntries(
          Object.entries(settings.env).map(([k, v]) => [
            `spark.executorEnv.${k}`,
            v,
          ]),
        ),
      },
    };
    const url = `${restUrl}/v1/submissions/create`;
    const hint = `Check that the Spark master at ${restUrl} runs with spark.master.rest.enabled=true`;
    const result = await engineCall(
      `Spark REST submission (${url})`,
      hint,
      () =>
        sendRequest({
          method: 'POST',
          url,
          body,
          timeoutMs: this.instance.submitTimeoutMs,
        }),
    );
    expectStatus(
      `Spark REST submission (${url})`,
      result,
      s => s === 200,
      hint,
    );
    const answer = result.body as {
      success?: boolean;
      submissionId?: string;
      message?: string;
    };
    if (!answer?.success || !answer.submissionId) {
      throw new SubmitError(
        `Spark refused the submission at ${url}: ${
          answer?.message ?? 'no submission id returned'
        }`,
      );
    }
    return {
      jobId: answer.submissionId,
      codeLocation: s3a(staged.filesKey),
      keptZipKey: staged.zipKey,
    };
  }

  async cancel(jobId: string) {
    const url = `${this.restUrl}/v1/submissions/kill/${encodeURIComponent(
      jobId,
    )}`;
    const result = await engineCall(
      `Spark kill (${url})`,
      'Is the master up?',
      () =>
        sendRequest({
          method: 'POST',
          url,
          timeoutMs: this.instance.submitTimeoutMs,
        }),
    );
    expectStatus(`Spark kill (${url})`, result, s => s === 200, '');
    const answer = result.body as { success?: boolean; message?: string };
    if (!answer?.success) {
      throw new SubmitError(
        `Spark did not kill ${jobId}: ${answer?.message ?? 'no reason given'}`,
      );
    }
  }

  engineUiUrl(): string {
    return this.instance.url;
  }
}
