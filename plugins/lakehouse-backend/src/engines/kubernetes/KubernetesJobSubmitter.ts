import { PatchStrategy } from '@kubernetes/client-node';
import type { EngineInstance, KubernetesSubmitTarget } from '../EngineInstance';
import type { S3ProjectStager } from '../../staging/S3ProjectStager';
import { describeAppSettings } from '../appSettings';
import { pythonModule } from '../flink/FlinkRestSubmitter';
import {
  LAUNCHER_FILE,
  LAUNCHER_MODULE,
  withLauncher,
} from '../pythonLauncher';
import { SubmitError } from '../submitErrors';
import type { JobSubmitter, SubmissionContext } from '../types';
import {
  FIELD_MANAGER,
  readSubmitted,
  renderFlinkSessionJob,
  renderRayJob,
  renderSparkApplication,
  resourceName,
  SUBMITTED_KINDS,
  type RenderedResource,
  type StagedCode,
} from './jobResources';
import { KubernetesConnection } from './KubernetesConnection';
import { KubernetesJobStates } from './KubernetesJobStates';

/** Where each engine's operator delivers an app's environment variables. */
const ENV_DELIVERY: Record<SubmissionContext['request']['engine'], string> = {
  spark: 'driver and executor environment',
  ray: 'Ray runtime environment',
  flink: 'the launcher, before the app',
};

const launcherOf = (engine: SubmissionContext['request']['engine']) =>
  engine === 'flink' ? LAUNCHER_MODULE : LAUNCHER_FILE;

/**
 * Submissions to a Kubernetes instance: the code staged in S3, the job rendered as its operator's
 * custom resource (RayJob, SparkApplication, FlinkSessionJob) and applied server-side as the portal's
 * field manager. A dry run is the API server's own: RBAC, the CRD's schema (unknown fields refused)
 * and admission all answer, and nothing is stored or staged. Cancel deletes the resource, which each
 * operator turns into stopping the job.
 */
export class KubernetesJobSubmitter implements JobSubmitter {
  readonly #instance: EngineInstance;
  readonly #connection: KubernetesConnection;
  readonly #target: KubernetesSubmitTarget;
  readonly states: KubernetesJobStates;

  constructor(
    instance: EngineInstance,
    private readonly stager: S3ProjectStager,
  ) {
    if (!instance.kubernetes || !instance.kubernetesSubmit)
      throw new Error(
        `${instance.engine}/${instance.name} takes no Kubernetes submissions`,
      );
    this.#instance = instance;
    this.#target = instance.kubernetesSubmit;
    this.#connection = new KubernetesConnection(
      instance.kubernetes,
      instance.timeoutMs,
    );
    this.states = new KubernetesJobStates(
      instance,
      this.#connection,
      this.#target,
      (what, e) => this.#refusal(what, e),
    );
  }

  get #kind() {
    return SUBMITTED_KINDS[this.#instance.engine];
  }

  plan(
    request: SubmissionContext['request'],
    settings: SubmissionContext['settings'],
  ): string[] {
    refuseSecrets(settings, this.#target);
    const { cluster } = this.#connection.access;
    return [
      `Stage the project in ${this.stager.describe()}${
        request.name
      }/<submission>/`,
      `Server-side apply of ${this.#kind.kind} ${this.#target.namespace}/${
        request.name
      }-<submission> on cluster '${cluster}' (field manager ${FIELD_MANAGER})`,
      ...describeAppSettings(settings, {
        requirements:
          request.engine === 'ray'
            ? 'Ray runtime environment'
            : 'the launcher, before the app',
        env: ENV_DELIVERY[request.engine],
        secrets: 'not delivered: refused for Kubernetes submissions',
      }),
    ];
  }

  async dryRun(context: SubmissionContext): Promise<string[]> {
    const resource = this.#render(context, this.#launch(context));
    await this.#apply(resource, true);
    return [
      `The API server accepted ${resource.kind} ${resource.metadata.namespace}/${resource.metadata.name} in a server-side dry run (nothing stored, nothing staged)`,
    ];
  }

  async submit(context: SubmissionContext) {
    const { request, project, submissionId } = context;
    const launch = this.#launch(context);
    const resource = this.#render(context, launch);
    // Staged where the resource points (stage() and locate() share the keys), then applied.
    const code = await this.stager.stage(
      request.name,
      submissionId,
      launch?.project ?? project,
    );
    await this.#apply(resource, false);
    const { namespace, name } = resource.metadata;
    return {
      jobId: `${resource.kind}:${namespace}:${name}`,
      codeLocation: `s3://${code.bucket}/${code.filesKey}`,
      keptZipKey: code.zipKey,
    };
  }

  /** The launcher, when the app needs one before it runs (requirements; Flink: environment too). */
  #launch({ request, project, settings }: SubmissionContext) {
    if (request.engine === 'spark' && settings.requirements.length)
      // The driver and executors get the environment from the resource; the launcher only installs.
      return withLauncher(
        project,
        { path: request.entrypoint },
        { requirements: settings.requirements, env: {} },
      );
    if (
      request.engine === 'flink' &&
      (settings.requirements.length || Object.keys(settings.env).length)
    )
      return withLauncher(
        project,
        { module: pythonModule(request.entrypoint) },
        settings,
      );
    return undefined;
  }

  #render(
    { request, settings, submissionId, restore }: SubmissionContext,
    launch: ReturnType<typeof withLauncher> | undefined,
  ): RenderedResource {
    refuseSecrets(settings, this.#target);
    const app =
      request.engine === 'flink'
        ? pythonModule(request.entrypoint)
        : request.entrypoint;
    const code: StagedCode = {
      ...this.stager.locate(request.name, submissionId),
      launcherArg: launch?.launcherArg,
      main: launch ? launcherOf(request.engine) : app,
    };
    const where = {
      name: resourceName(request.name, submissionId),
      namespace: this.#target.namespace,
    };
    const missing = (engine: string) =>
      new SubmitError(
        `${engine} instance '${
          this.#instance.name
        }' takes no submissions: set submit.${engine} of cluster '${
          this.#instance.name
        }' in lakehouse.kubernetes.clusters (app-config)`,
      );
    switch (request.engine) {
      case 'spark':
        if (!this.#target.spark) throw missing('spark');
        return renderSparkApplication(
          request,
          this.#target.spark,
          where,
          code,
          settings.env,
        );
      case 'flink':
        if (!this.#target.flink) throw missing('flink');
        return renderFlinkSessionJob(
          request,
          this.#target.flink,
          where,
          code,
          restore,
        );
      case 'ray':
        if (!this.#target.ray) throw missing('ray');
        if (restore)
          throw new SubmitError('Ray jobs have no savepoints to restore');
        return renderRayJob(request, this.#target.ray, where, code, settings);
      default:
        throw new SubmitError('unknown engine');
    }
  }

  async #apply(resource: RenderedResource, dryRun: boolean): Promise<void> {
    const { namespace, name } = resource.metadata;
    const k = this.#kind;
    const api = await this.#connection.api();
    try {
      await api.patchNamespacedCustomObject(
        {
          group: k.group,
          version: k.version,
          plural: k.plural,
          namespace,
          name,
          body: resource,
          fieldManager: FIELD_MANAGER,
          // A field the CRD does not define is an error, not silently dropped.
          fieldValidation: 'Strict',
          ...(dryRun && { dryRun: 'All' }),
        },
        this.#connection.options(undefined, {
          timeoutMs: this.#target.timeoutMs,
          contentType: PatchStrategy.ServerSideApply,
        }),
      );
    } catch (e) {
      throw this.#refusal(
        `${dryRun ? 'a server-side dry run' : 'a server-side apply'} of ${
          k.kind
        } ${namespace}/${name}`,
        e,
      );
    }
  }

  async cancel(jobId: string): Promise<void> {
    const [kind, namespace, name] = jobId.split(':');
    const k = this.#kind;
    if (kind !== k.kind || namespace !== this.#target.namespace || !name) {
      throw new SubmitError(
        `Only ${k.kind}s in namespace ${
          this.#target.namespace
        } can be cancelled here (by deleting them); ${jobId} is not one`,
      );
    }
    const api = await this.#connection.api();
    const options = this.#connection.options(undefined, {
      timeoutMs: this.#target.timeoutMs,
    });
    const { metadata } = await readSubmitted(
      api,
      { kind, namespace, name },
      (what, e) => this.#refusal(what, e),
      options,
    );
    try {
      await api.deleteNamespacedCustomObject(
        {
          group: k.group,
          version: k.version,
          plural: k.plural,
          namespace,
          name,
          // The operator's pods go with it, in the background.
          propagationPolicy: 'Background',
          // The object that was checked, not one recreated under its name since.
          body: { preconditions: { uid: metadata.uid } },
        },
        this.#connection.options(undefined, {
          timeoutMs: this.#target.timeoutMs,
        }),
      );
    } catch (e) {
      if ((e as { code?: number }).code === 404)
        throw new SubmitError(
          `${k.kind} ${namespace}/${name} no longer exists`,
        );
      throw this.#refusal(`a delete of ${k.kind} ${namespace}/${name}`, e);
    }
  }

  /** The API server's own reason (a schema violation, a forbidden verb) with what to check. */
  #refusal(what: string, e: unknown): SubmitError {
    const failure = this.#connection.failure(what, e);
    const reason = statusMessage((e as { body?: unknown }).body);
    return new SubmitError(
      `${failure.message}${reason ? `: ${reason}` : ''}`,
      ['unreachable', 'timeout'].includes(failure.engineError.kind),
    );
  }

  /** The operators have no UI of their own: the portal's status page is the job's page. */
  engineUiUrl(): undefined {
    return undefined;
  }
}

/** A Kubernetes Status's message, from the body the client gives (text or parsed). */
function statusMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.slice(0, 500) || undefined;
    }
  }
  const message = (parsed as { message?: unknown })?.message;
  return typeof message === 'string' ? message.slice(0, 1000) : undefined;
}

/**
 * A custom resource's spec is readable by everyone who may get it, and kept in etcd: no secret
 * value goes in one. Credentials come from the cluster's own Secrets instead.
 */
function refuseSecrets(
  settings: SubmissionContext['settings'],
  target: KubernetesSubmitTarget,
) {
  if (!settings.secretSources.length) return;
  const via = target.spark?.envFromSecrets.length
    ? ` (Spark jobs here get ${target.spark.envFromSecrets.join(
        ', ',
      )} as environment)`
    : '';
  throw new SubmitError(
    `Kubernetes submissions take no secrets: a custom resource's spec is readable by everyone who may read it. Give the job the credentials of ${settings.secretSources.join(
      ', ',
    )} through the cluster's Secrets${via}, and leave secrets out of the request`,
  );
}
