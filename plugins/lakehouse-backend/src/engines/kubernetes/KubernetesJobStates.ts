import type { JobStateRequest } from '@internal/plugin-lakehouse-common';
import { PatchStrategy } from '@kubernetes/client-node';
import type { EngineInstance, KubernetesSubmitTarget } from '../EngineInstance';
import { SubmitError } from '../submitErrors';
import type { ResourceStateControls } from '../types';
import {
  readSubmitted,
  STATE_FIELD_MANAGER,
  SUBMITTED_KINDS,
} from './jobResources';
import type { KubernetesConnection } from './KubernetesConnection';

type Spec = Record<string, any>;
type Wanted = Required<Pick<JobStateRequest, 'state'>> &
  Pick<JobStateRequest, 'upgradeMode'>;

/**
 * Suspending and resuming the job kinds the portal submits, each as its operator defines it: the Flink
 * operator's `spec.job.state` (suspending with `upgradeMode: savepoint` takes a savepoint first, and
 * running again restores it), KubeRay's and the Spark operator's `spec.suspend`. A merge patch of those
 * fields only; the operator does the rest, and the watch shows what it did.
 */
export class KubernetesJobStates implements ResourceStateControls {
  constructor(
    private readonly instance: EngineInstance,
    private readonly connection: KubernetesConnection,
    private readonly target: KubernetesSubmitTarget,
    /** The API server's reason for a refusal, with what to check. */
    private readonly refusal: (what: string, e: unknown) => SubmitError,
  ) {}

  async setState(jobId: string, wanted: Wanted) {
    const k = SUBMITTED_KINDS[this.instance.engine];
    const [kind, namespace, name] = jobId.split(':');
    if (kind !== k.kind || namespace !== this.target.namespace || !name)
      throw new SubmitError(
        `Only ${k.kind}s in namespace ${this.target.namespace} can be suspended or resumed here; ${jobId} is not one`,
      );
    const api = await this.connection.api();
    const call = { ...k, namespace, name };
    const options = (contentType?: string) =>
      this.connection.options(undefined, {
        timeoutMs: this.target.timeoutMs,
        contentType,
      });
    const current = await readSubmitted(
      api,
      { kind, namespace, name },
      this.refusal,
      options(),
    );
    const { patch, changed } = change(kind, current.spec ?? {}, wanted);
    try {
      await api.patchNamespacedCustomObject(
        {
          ...call,
          // Unchanged since it was read (else 409), and the change recorded under its own manager.
          body: {
            metadata: { resourceVersion: current.metadata.resourceVersion },
            ...patch,
          },
          fieldManager: STATE_FIELD_MANAGER,
        },
        options(PatchStrategy.MergePatch),
      );
    } catch (e) {
      throw this.refusal(`a patch of ${kind} ${namespace}/${name}`, e);
    }
    return { kind, changed };
  }
}

/** The patch that asks the operator for `wanted`, or why it cannot or need not. */
function change(
  kind: string,
  spec: Spec,
  { state, upgradeMode }: Wanted,
): { patch: object; changed: Record<string, string | boolean> } {
  const suspend = state === 'suspended';
  if (kind === 'FlinkSessionJob') {
    const mode = suspend ? upgradeMode ?? 'savepoint' : undefined;
    if (spec.job?.state === state && (!mode || spec.job?.upgradeMode === mode))
      throw new SubmitError(`The FlinkSessionJob is already ${state}`);
    return {
      patch: { spec: { job: { state, ...(mode && { upgradeMode: mode }) } } },
      changed: {
        'spec.job.state': state,
        ...(mode && { 'spec.job.upgradeMode': mode }),
      },
    };
  }
  if (upgradeMode)
    throw new SubmitError(
      `upgradeMode is how the Flink operator keeps a FlinkSessionJob's state; a ${kind} has none`,
    );
  // KubeRay's own rules (ValidateRayJobSpec): no suspend in clusterSelector mode, nor without
  // shutdownAfterJobFinishes; a running RayJob that breaks them is marked ValidationFailed.
  if (
    kind === 'RayJob' &&
    suspend &&
    (spec.clusterSelector || !spec.shutdownAfterJobFinishes)
  )
    throw new SubmitError(
      `KubeRay suspends only RayJobs that own their cluster (shutdownAfterJobFinishes: true)${
        spec.clusterSelector
          ? `; this one runs on the shared RayCluster ${Object.values(
              spec.clusterSelector,
            ).join(', ')}`
          : ''
      }. Cancel it instead (the RayJob is deleted and its job stopped), then rerun it`,
    );
  if (Boolean(spec.suspend) === suspend)
    throw new SubmitError(`The ${kind} is already ${state}`);
  return {
    patch: { spec: { suspend } },
    changed: { 'spec.suspend': suspend },
  };
}
