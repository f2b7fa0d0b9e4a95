import {
  isCoreKind,
  validateCoreObjects,
} from './__testUtils__/coreValidation';
import {
  CrdValidator,
  checkImages,
  checkKubernetesId,
  checkNoLiteralSecrets,
  checkPolicy,
  isWorkload,
  objectRef,
  type K8sObject,
} from '@internal/lakehouse-test-utils';
import {
  loadJobTemplates,
  OVERLAYS,
  renderKustomization,
} from './__testUtils__/render';

/**
 * Renders k8s/base and every overlay with the real kustomize, then validates each object:
 * custom resources against the operators' CRDs, core kinds with kubernetes-models, and the
 * repository's policy (secrets, images, probes/resources, Backstage labels, read-only RBAC); the
 * portal's exact Role in rbac.test.ts.
 */
const TARGETS = ['base', ...OVERLAYS.map(o => `overlays/${o}`)];
let crds: CrdValidator;

beforeAll(() => {
  crds = new CrdValidator();
});

describe.each(TARGETS)('kustomize build k8s/%s', target => {
  let objects: K8sObject[];

  beforeAll(() => {
    objects = renderKustomization(target);
  });

  it('renders the platform and the portal', () => {
    const refs = objects.map(objectRef);
    expect(refs).toEqual(
      expect.arrayContaining([
        'Deployment/minio',
        'Deployment/nessie',
        'Deployment/spark-master',
        'Deployment/spark-worker',
        'Deployment/flink-jobmanager',
        'Deployment/flink-taskmanager',
        'RayCluster/ray-cluster',
        'Service/ray-head',
        'Deployment/portal',
        'Role/portal',
        'RoleBinding/portal',
        'ServiceAccount/portal',
      ]),
    );
    const namespaced = objects.filter(o => o.kind !== 'Namespace');
    expect(
      namespaced
        .filter(o => o.metadata.namespace !== 'ecommerce-platform')
        .map(objectRef),
    ).toEqual([]);
  });

  it('has every custom resource valid against its CRD schema', () => {
    const custom = objects.filter(o => !isCoreKind(o));
    expect(custom.length).toBeGreaterThan(0);
    expect(custom.filter(o => !crds.handles(o)).map(objectRef)).toEqual([]);
    expect(custom.flatMap(o => crds.validate(o))).toEqual([]);
  });

  it('has every core object valid for kubernetes-models', () => {
    expect(validateCoreObjects(objects.filter(isCoreKind))).toEqual([]);
  });

  // Structural rules; rbac.test.ts derives the portal's exact Role from the code.
  it('follows the policy', () => {
    expect(checkPolicy(objects)).toEqual([]);
    expect(objects.filter(isWorkload).length).toBeGreaterThan(5);
  });

  it('exposes the Spark REST submission server on the master Service', () => {
    const svc = objects.find(o => objectRef(o) === 'Service/spark-master');
    expect(svc?.spec.ports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'rest', port: 6066 }),
      ]),
    );
    const master = objects.find(
      o => objectRef(o) === 'Deployment/spark-master',
    );
    const env = master?.spec.template.spec.containers[0].env;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'SPARK_CONF_DIR', value: '/opt/spark/conf' },
        expect.objectContaining({
          name: 'SPARK_MASTER_OPTS',
          value: expect.stringContaining('spark.master.rest.enabled=true'),
        }),
      ]),
    );
  });
});

describe('overlays', () => {
  it('production ships no Secret; local generates them from the committed examples', () => {
    const production = renderKustomization('overlays/production');
    expect(production.filter(o => o.kind === 'Secret').map(objectRef)).toEqual(
      [],
    );
    const local = renderKustomization('overlays/local');
    expect(
      local
        .filter(o => o.kind === 'Secret')
        .map(objectRef)
        .sort(),
    ).toEqual([
      'Secret/minio-root',
      'Secret/portal-secrets',
      'Secret/s3-credentials',
    ]);
  });

  it('differ in images, replicas and storage', () => {
    const [local, production] = ['local', 'production'].map(o =>
      renderKustomization(`overlays/${o}`),
    );
    const pick = (objs: K8sObject[], ref: string) =>
      objs.find(o => objectRef(o) === ref)!;
    const image = (objs: K8sObject[]) =>
      pick(objs, 'Deployment/spark-master').spec.template.spec.containers[0]
        .image;
    expect(image(local)).toMatch(/^localhost:5001\//);
    expect(image(production)).toMatch(/^ghcr\.io\//);
    expect(pick(local, 'Deployment/spark-worker').spec.replicas).toBeLessThan(
      pick(production, 'Deployment/spark-worker').spec.replicas,
    );
    const storage = (objs: K8sObject[]) =>
      pick(objs, 'PersistentVolumeClaim/minio-pvc').spec.resources.requests
        .storage;
    expect(storage(local)).not.toEqual(storage(production));
  });
});

describe('k8s/job-templates', () => {
  it('are valid against the operator CRDs and follow the policy', () => {
    const templates = loadJobTemplates();
    expect(templates.map(o => o.kind).sort()).toEqual([
      'FlinkSessionJob',
      'RayJob',
      'SparkApplication',
    ]);
    expect(templates.flatMap(o => crds.validate(o))).toEqual([]);
    expect(
      templates.flatMap(o =>
        [checkNoLiteralSecrets, checkImages, checkKubernetesId].flatMap(check =>
          check(o),
        ),
      ),
    ).toEqual([]);
  });
});
