import {
  isWorkload,
  objectRef,
  podTemplates,
  type K8sObject,
} from '@internal/lakehouse-test-utils';

/** One container (or init container, or KubeRay's injected autoscaler) of a rendered workload. */
export interface ContainerRef {
  /** `Deployment/flink-jobmanager:spec.template:flink-conf` */
  ref: string;
  pod: any;
  container: any;
}

export function containersOf(objects: K8sObject[]): ContainerRef[] {
  return objects.filter(isWorkload).flatMap(obj => [
    ...podTemplates(obj).flatMap(({ path, template }) =>
      ['initContainers', 'containers'].flatMap(field =>
        (template?.spec?.[field] ?? []).map((c: any) => ({
          ref: `${objectRef(obj)}:${path}:${c.name}`,
          pod: template.spec,
          container: c,
        })),
      ),
    ),
    // KubeRay adds an autoscaler container to the head, configured by spec.autoscalerOptions.
    ...(obj.kind === 'RayCluster' && obj.spec.enableInTreeAutoscaling
      ? [
          {
            ref: `${objectRef(obj)}:spec.autoscalerOptions:autoscaler`,
            pod: {},
            container: {
              securityContext: obj.spec.autoscalerOptions?.securityContext,
            },
          },
        ]
      : []),
  ]);
}

/**
 * The restricted settings a container lacks, container values overriding the pod's as the
 * kubelet applies them: non-root, no privilege escalation, all capabilities dropped, the runtime's
 * seccomp profile, a read-only root filesystem.
 */
export function missingHardening({ pod, container }: ContainerRef): string[] {
  const podSc = pod?.securityContext ?? {};
  const sc = container.securityContext ?? {};
  const pick = (key: string) => sc[key] ?? podSc[key];
  const missing: string[] = [];
  if (pick('runAsNonRoot') !== true) missing.push('runAsNonRoot');
  if (pick('runAsUser') === 0) missing.push('runAsUser != 0');
  if (sc.allowPrivilegeEscalation !== false)
    missing.push('allowPrivilegeEscalation: false');
  if (!(sc.capabilities?.drop ?? []).includes('ALL'))
    missing.push('capabilities.drop: [ALL]');
  if ((sc.capabilities?.add ?? []).length > 0)
    missing.push('no capabilities.add');
  if (pick('seccompProfile')?.type !== 'RuntimeDefault')
    missing.push('seccompProfile RuntimeDefault');
  if (sc.privileged === true) missing.push('privileged: false');
  if (sc.readOnlyRootFilesystem !== true)
    missing.push('readOnlyRootFilesystem');
  return missing;
}
