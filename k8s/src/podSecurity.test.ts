import { containersOf, missingHardening } from './__testUtils__/podSecurity';
import { OVERLAYS, renderKustomization } from './__testUtils__/render';

/**
 * Containers that may lack a setting, each with the reason the software needs it. A container
 * missing a setting that is not listed here fails the test, and so does a stale entry.
 * Empty today: every container runs non-root with a read-only root filesystem, the paths the
 * software writes being emptyDirs (/tmp, Flink's conf and log dirs, Ray's /tmp/ray, Spark's work
 * dir) or PVCs (MinIO's /data, Nessie's RocksDB).
 */
const EXCEPTIONS: Record<string, { settings: string[]; why: string }> = {};

describe.each(['base', ...OVERLAYS.map(o => `overlays/${o}`)])(
  'k8s/%s containers',
  target => {
    const containers = containersOf(renderKustomization(target));

    it('run non-root, unprivileged, with a read-only root filesystem', () => {
      expect(containers.length).toBeGreaterThan(10);
      const found = Object.fromEntries(
        containers
          .map(c => [c.ref, missingHardening(c)] as const)
          .filter(([, missing]) => missing.length > 0),
      );
      expect(found).toEqual(
        Object.fromEntries(
          Object.entries(EXCEPTIONS).map(([ref, e]) => [ref, e.settings]),
        ),
      );
    });

    it('mount a writable volume wherever a read-only root would break a known writer', () => {
      // Paths the software writes at start (see the comments next to each mount).
      const writes: Record<string, string[]> = {
        'flink-jobmanager': ['/opt/flink/conf', '/opt/flink/log', '/tmp'],
        'flink-taskmanager': ['/opt/flink/conf', '/opt/flink/log', '/tmp'],
        'spark-master': ['/tmp'],
        'spark-worker': ['/tmp', '/tmp/spark-work'],
        'ray-head': ['/tmp', '/tmp/ray'],
        'ray-worker': ['/tmp', '/tmp/ray'],
        nessie: ['/tmp', '/nessie'],
        minio: ['/tmp', '/data'],
        mc: ['/tmp'],
        backend: ['/tmp'],
        'flink-conf': ['/conf'],
      };
      const problems = containers.flatMap(({ ref, pod, container }) =>
        (writes[container.name] ?? []).flatMap(dir => {
          const mount = (container.volumeMounts ?? []).find(
            (m: any) => m.mountPath === dir,
          );
          const volume = pod.volumes?.find((v: any) => v.name === mount?.name);
          const writable =
            mount &&
            !mount.readOnly &&
            (volume?.emptyDir || volume?.persistentVolumeClaim);
          return writable ? [] : [`${ref}: ${dir} is not a writable volume`];
        }),
      );
      expect(problems).toEqual([]);
    });
  },
);

describe('missingHardening', () => {
  it('names every missing setting and lets the container override the pod', () => {
    const pod = {
      securityContext: {
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      },
    };
    expect(
      missingHardening({ ref: 'x', pod, container: { name: 'c' } }),
    ).toEqual([
      'allowPrivilegeEscalation: false',
      'capabilities.drop: [ALL]',
      'readOnlyRootFilesystem',
    ]);
    const container = {
      name: 'c',
      securityContext: {
        runAsNonRoot: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] },
        seccompProfile: { type: 'Unconfined' },
      },
    };
    expect(missingHardening({ ref: 'x', pod, container })).toEqual([
      'runAsNonRoot',
      'no capabilities.add',
      'seccompProfile RuntimeDefault',
    ]);
  });
});
