import type { EngineKind } from '@internal/plugin-lakehouse-common';
import type { CustomObjectsApi } from '@kubernetes/client-node';
import { SubmitError } from '../submitErrors';
import type { KubernetesConnection } from './KubernetesConnection';
import type { KubernetesSubmitTarget } from '../EngineInstance';
import type { SubmissionContext } from '../types';
import {
  ENGINE_CUSTOM_RESOURCES,
  type CustomResourceKind,
} from './customResourceKinds';

type Request = SubmissionContext['request'];
type Of<E extends EngineKind> = Extract<Request, { engine: E }>;

/** The kind a submission to each engine becomes: the operators' one-off job kinds. */
export const SUBMITTED_KINDS: Record<EngineKind, CustomResourceKind> = {
  ray: kindOf('ray', 'RayJob'),
  spark: kindOf('spark', 'SparkApplication'),
  flink: kindOf('flink', 'FlinkSessionJob'),
};

function kindOf(engine: EngineKind, kind: string): CustomResourceKind {
  return ENGINE_CUSTOM_RESOURCES[engine].find(k => k.kind === kind)!;
}

/** The portal's field manager: what server-side apply records as the owner of the fields it set. */
export const FIELD_MANAGER = 'backstage-lakehouse';
/** The manager of the fields suspend and resume set, apart from the applied spec. */
export const STATE_FIELD_MANAGER = 'backstage-lakehouse-state';
const MANAGED_BY = 'app.kubernetes.io/managed-by';

/**
 * A job resource the portal submitted (its managed-by label), read before the portal changes or deletes
 * it: the platform's own RayJobs and what GitOps applies are the cluster owners' to operate, not the
 * portal's, though they share the namespace.
 */
export async function readSubmitted(
  api: CustomObjectsApi,
  ref: { kind: string; namespace: string; name: string },
  refusal: (what: string, e: unknown) => Error,
  options: ReturnType<KubernetesConnection['options']>,
): Promise<{
  spec?: Record<string, any>;
  metadata: { uid?: string; resourceVersion?: string };
}> {
  const k = Object.values(SUBMITTED_KINDS).find(x => x.kind === ref.kind)!;
  const what = `${ref.kind} ${ref.namespace}/${ref.name}`;
  let obj: any;
  try {
    obj = await api.getNamespacedCustomObject(
      { ...k, namespace: ref.namespace, name: ref.name },
      options,
    );
  } catch (e) {
    if ((e as { code?: number }).code === 404)
      throw new SubmitError(`${what} no longer exists`);
    throw refusal(`a read of ${what}`, e);
  }
  if (obj?.metadata?.labels?.[MANAGED_BY] !== FIELD_MANAGER)
    throw new SubmitError(
      `${what} was not submitted through the portal (no ${MANAGED_BY}: ${FIELD_MANAGER} label): operate it where it is managed (its manifest, GitOps, kubectl)`,
    );
  return obj;
}

/** KubeRay's limit for RayJob names (MaxRayJobNameLength), the strictest of the three operators. */
export const MAX_RESOURCE_NAME = 47;

/**
 * `<job name>-<8 hex of the submission>`: unique per submission, so a rerun never replaces the run
 * it repeats. At most 47 characters and a DNS-1035 label (a letter first), as KubeRay requires of a
 * RayJob (ValidateRayJobMetadata), which also keeps every operator's derived pod names valid.
 */
export function resourceName(jobName: string, submissionId: string): string {
  const suffix = submissionId.replace(/[^0-9a-f]/g, '').slice(-8);
  const base = /^[a-z]/.test(jobName) ? jobName : `job-${jobName}`;
  const room = MAX_RESOURCE_NAME - suffix.length - 1;
  return `${base.slice(0, room).replace(/-+$/, '')}-${suffix}`;
}

/** Where the submitted code is, as each engine's URI scheme names the staging store's objects. */
export interface StagedCode {
  bucket: string;
  /** Prefix of the unpacked files, ending in `/`. */
  filesKey: string;
  zipKey: string;
  /** The launcher's argument when the launcher runs first (requirements, environment). */
  launcherArg?: string;
  /** The file (Spark) or module (Flink) that runs first: the launcher's or the app's. */
  main: string;
}

export interface RenderedResource {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

/** What every submitted resource carries: who made it, and the entity its Kubernetes tab belongs to. */
function metadata(request: Request, name: string, namespace: string) {
  return {
    name,
    namespace,
    labels: {
      [MANAGED_BY]: FIELD_MANAGER,
      'backstage.io/kubernetes-id': request.name,
      component: 'job',
    },
  };
}

function envList(env: Record<string, string>) {
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}

export function renderSparkApplication(
  request: Of<'spark'>,
  target: NonNullable<KubernetesSubmitTarget['spark']>,
  where: { name: string; namespace: string },
  code: StagedCode,
  env: Record<string, string>,
): RenderedResource {
  const { resources: r } = request;
  const s3a = (key: string) => `s3a://${code.bucket}/${key}`;
  const envFrom = target.envFromSecrets.map(name => ({ secretRef: { name } }));
  const pod = (labels: Record<string, string>) => ({
    labels: { ...labels, 'backstage.io/kubernetes-id': request.name },
    ...(envFrom.length && { envFrom }),
    ...(Object.keys(env).length && { env: envList(env) }),
  });
  return {
    apiVersion: `${SUBMITTED_KINDS.spark.group}/${SUBMITTED_KINDS.spark.version}`,
    kind: 'SparkApplication',
    metadata: metadata(request, where.name, where.namespace),
    spec: {
      type: 'Python',
      mode: 'cluster',
      pythonVersion: '3',
      sparkVersion: target.sparkVersion,
      image: target.image,
      mainApplicationFile: s3a(`${code.filesKey}${code.main}`),
      arguments: [
        ...(code.launcherArg ? [code.launcherArg] : []),
        ...request.args,
      ],
      deps: { pyFiles: [s3a(code.zipKey)] },
      ...(target.sparkConfigMap && { sparkConfigMap: target.sparkConfigMap }),
      sparkConf: { 'spark.app.name': request.name },
      restartPolicy: { type: 'Never' },
      timeToLiveSeconds: 86400,
      driver: {
        cores: r.driverCores,
        memory: r.driverMemory,
        serviceAccount: target.serviceAccount,
        ...pod({ component: 'driver' }),
      },
      executor: {
        instances: r.executors,
        cores: r.executorCores,
        memory: r.executorMemory,
        ...pod({ component: 'executor' }),
      },
    },
  };
}

export function renderFlinkSessionJob(
  request: Of<'flink'>,
  target: NonNullable<KubernetesSubmitTarget['flink']>,
  where: { name: string; namespace: string },
  code: StagedCode,
  restore?: SubmissionContext['restore'],
): RenderedResource {
  return {
    apiVersion: `${SUBMITTED_KINDS.flink.group}/${SUBMITTED_KINDS.flink.version}`,
    kind: 'FlinkSessionJob',
    metadata: metadata(request, where.name, where.namespace),
    spec: {
      deploymentName: target.deploymentName,
      job: {
        jarURI: target.pythonJarUri,
        entryClass: 'org.apache.flink.client.python.PythonDriver',
        args: [
          '-pyfs',
          `s3://${code.bucket}/${code.filesKey}`,
          '-pym',
          code.main,
          ...(code.launcherArg ? [code.launcherArg] : []),
          ...request.args,
        ],
        parallelism: request.resources.parallelism,
        // The operator's own stop-and-resume: suspending takes a savepoint, running again restores it.
        upgradeMode: 'savepoint',
        state: 'running',
        ...(restore && {
          initialSavepointPath: restore.path,
          allowNonRestoredState: restore.allowNonRestoredState,
        }),
      },
    },
  };
}

export function renderRayJob(
  request: Of<'ray'>,
  target: NonNullable<KubernetesSubmitTarget['ray']>,
  where: { name: string; namespace: string },
  code: StagedCode,
  settings: Pick<SubmissionContext['settings'], 'requirements' | 'env'>,
): RenderedResource {
  const runtimeEnv = {
    working_dir: `s3://${code.bucket}/${code.zipKey}`,
    ...(settings.requirements.length && {
      pip: { packages: settings.requirements, pip_check: false },
    }),
    env_vars: {
      ...settings.env,
      LAKEHOUSE_WORKERS: String(request.resources.workers),
    },
  };
  return {
    apiVersion: `${SUBMITTED_KINDS.ray.group}/${SUBMITTED_KINDS.ray.version}`,
    kind: 'RayJob',
    metadata: metadata(request, where.name, where.namespace),
    spec: {
      clusterSelector: { 'ray.io/cluster': target.clusterName },
      // Arguments are restricted to shell-safe characters: Ray runs the entrypoint through a shell.
      entrypoint: ['python', request.entrypoint, ...request.args].join(' '),
      ...(request.resources.entrypointCpus > 0 && {
        entrypointNumCpus: request.resources.entrypointCpus,
      }),
      // JSON is YAML: the operator parses this field as YAML.
      runtimeEnvYAML: JSON.stringify(runtimeEnv),
      // No ttlSecondsAfterFinished: KubeRay allows it only with shutdownAfterJobFinishes, which a job on a
      // shared cluster (clusterSelector) cannot have; the finished RayJob stays until it is deleted.
    },
  };
}
