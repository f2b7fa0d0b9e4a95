import { validateCoreObjects } from './__testUtils__/coreValidation';
import {
  CrdValidator,
  checkImages,
  checkKubernetesId,
  checkNoLiteralSecrets,
  checkPortalRbac,
  checkProbesAndResources,
  toJsonSchema,
  type K8sObject,
} from '@internal/lakehouse-test-utils';

/** The validators must reject broken manifests, naming the object and the field. */
const labels = { app: 'x', 'backstage.io/kubernetes-id': 'x' };

function deployment(name: string, container: object): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      selector: { matchLabels: { app: 'x' } },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'app', image: 'nginx:1.29.1', ...container }],
        },
      },
    },
  };
}

const rayCluster = (spec: object): K8sObject => ({
  apiVersion: 'ray.io/v1',
  kind: 'RayCluster',
  metadata: { name: 'bad-ray', labels },
  spec: {
    headGroupSpec: {
      rayStartParams: {},
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'ray-head', image: 'rayproject/ray:2.60.0' }],
        },
      },
    },
    ...spec,
  },
});

describe('CRD schema validation', () => {
  const crds = new CrdValidator();

  it('rejects a RayCluster with a wrong field type', () => {
    const errors = crds.validate(
      rayCluster({
        workerGroupSpecs: [
          {
            groupName: 'w',
            replicas: 'two',
            template: { spec: { containers: [] } },
          },
        ],
      }),
    );
    expect(errors).toContain(
      'RayCluster/bad-ray: /spec/workerGroupSpecs/0/replicas must be integer',
    );
  });

  it('rejects an unknown (misspelt) field, as kubectl does', () => {
    expect(
      crds.validate(rayCluster({ enableInTreeAutoScaling: true })),
    ).toContain(
      "RayCluster/bad-ray: /spec must NOT have additional properties 'enableInTreeAutoScaling'",
    );
  });

  it('rejects a RayJob whose entrypoint is not a string', () => {
    const job = {
      apiVersion: 'ray.io/v1',
      kind: 'RayJob',
      metadata: { name: 'bad-job' },
      spec: { entrypoint: 42 },
    };
    expect(crds.validate(job as K8sObject)).toContain(
      'RayJob/bad-job: /spec/entrypoint must be string',
    );
  });

  it('reports kinds it has no CRD for', () => {
    const obj = {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 't' },
    } as K8sObject;
    expect(crds.handles(obj)).toBe(false);
    expect(crds.validate(obj)).toEqual([
      'Thing/t: no CRD schema for example.com/v1, Kind=Thing',
    ]);
  });

  it('maps x-kubernetes-int-or-string and nullable to JSON Schema', () => {
    expect(
      toJsonSchema({ 'x-kubernetes-int-or-string': true, description: 'd' }),
    ).toEqual({
      description: 'd',
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    });
    expect(toJsonSchema({ type: 'string', nullable: true })).toEqual({
      type: ['string', 'null'],
    });
    expect(
      toJsonSchema({
        type: 'object',
        properties: { a: { type: 'string' } },
        'x-kubernetes-preserve-unknown-fields': true,
      }),
    ).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
  });
});

describe('kubernetes-models validation', () => {
  it('rejects a Deployment with a string containerPort', () => {
    const errors = validateCoreObjects([
      deployment('bad-port', { ports: [{ containerPort: 'http' }] }),
    ]);
    expect(errors).toContain(
      'Deployment/bad-port: /spec/template/spec/containers/0/ports/0/containerPort must be integer',
    );
  });

  it('rejects a Service without spec.ports items of the right shape', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'bad-svc' },
      spec: { ports: [{ port: '80' }] },
    };
    expect(validateCoreObjects([svc as K8sObject])).toContain(
      'Service/bad-svc: /spec/ports/0/port must be integer',
    );
  });
});

describe('policy', () => {
  it('rejects a Deployment without probes or resources', () => {
    expect(checkProbesAndResources(deployment('no-probes', {}))).toEqual([
      'Deployment/no-probes: spec.template.spec.containers[app] has no readinessProbe',
      'Deployment/no-probes: spec.template.spec.containers[app] has no livenessProbe',
      'Deployment/no-probes: spec.template.spec.containers[app] has no resources.requests.cpu',
      'Deployment/no-probes: spec.template.spec.containers[app] has no resources.requests.memory',
      'Deployment/no-probes: spec.template.spec.containers[app] has no resources.limits.cpu',
      'Deployment/no-probes: spec.template.spec.containers[app] has no resources.limits.memory',
    ]);
  });

  it('rejects RayCluster pods without probes', () => {
    expect(checkProbesAndResources(rayCluster({}))).toContain(
      'RayCluster/bad-ray: spec.headGroupSpec.template.spec.containers[ray-head] has no readinessProbe',
    );
  });

  it('rejects literal credentials in env values and ConfigMaps, accepts references', () => {
    const d = deployment('inline-creds', {
      env: [
        { name: 'MINIO_ROOT_PASSWORD', value: 'minioadmin' },
        {
          name: 'AWS_SECRET_ACCESS_KEY',
          valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
        },
        {
          name: 'FLINK_PROPERTIES',
          value: 's3.endpoint: http://minio:9000\ns3.secret-key: minioadmin\n',
        },
      ],
    });
    expect(checkNoLiteralSecrets(d)).toEqual([
      'Deployment/inline-creds: spec.template.spec.containers[0].env[0] (MINIO_ROOT_PASSWORD) has a literal credential in value:',
      "Deployment/inline-creds: spec.template.spec.containers[0].env[2] (FLINK_PROPERTIES): 's3.secret-key' holds a literal credential",
    ]);
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'spark-config' },
      data: {
        'spark-defaults.conf':
          'spark.hadoop.fs.s3a.access.key  minioadmin\nspark.master spark://m:7077\n',
        'application.properties':
          'a.access-key=urn:nessie-secret:quarkus:x\nb.token=${TOKEN}\n',
        API_TOKEN: 'abc',
      },
    } as K8sObject;
    expect(checkNoLiteralSecrets(cm)).toEqual([
      "ConfigMap/spark-config: data.spark-defaults.conf: 'spark.hadoop.fs.s3a.access.key' holds a literal credential",
      'ConfigMap/spark-config: data.API_TOKEN holds a literal credential',
    ]);
  });

  it('rejects :latest and untagged images', () => {
    expect(
      checkImages(
        deployment('latest', { image: 'localhost:5001/custom-spark:latest' }),
      ),
    ).toEqual([
      "Deployment/latest: spec.template.spec.containers[app].image 'localhost:5001/custom-spark:latest' uses :latest",
    ]);
    expect(
      checkImages(
        deployment('untagged', { image: 'localhost:5001/custom-flink' }),
      ),
    ).toEqual([
      "Deployment/untagged: spec.template.spec.containers[app].image 'localhost:5001/custom-flink' has no tag",
    ]);
  });

  it('rejects a workload without the Backstage label', () => {
    const d = deployment('unlabelled', {});
    d.metadata.labels = { app: 'x' };
    d.spec.template.metadata.labels = { app: 'x' };
    expect(checkKubernetesId(d)).toEqual([
      'Deployment/unlabelled: metadata.labels has no backstage.io/kubernetes-id',
      'Deployment/unlabelled: spec.template.metadata.labels has no backstage.io/kubernetes-id',
    ]);
  });

  it('rejects cluster-wide, wildcard or write RBAC', () => {
    const role = (rules: object[]) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'portal' },
      rules,
    });
    const violations = checkPortalRbac([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'portal' },
      },
      role([
        { apiGroups: [''], resources: ['*'], verbs: ['get'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        {
          apiGroups: ['ray.io'],
          resources: ['rayclusters'],
          verbs: ['delete'],
        },
        { apiGroups: ['ray.io'], resources: ['rayjobs'], verbs: ['patch'] },
        { apiGroups: ['batch'], resources: ['rayjobs'], verbs: ['patch'] },
      ]),
    ] as K8sObject[]);
    expect(violations).toEqual(
      expect.arrayContaining([
        'ClusterRole/portal: cluster-wide RBAC is not allowed (use a Role in ecommerce-platform)',
        "Role/portal: rules[0] uses '*'",
        "Role/portal: rules[1] grants 'create' (the portal only reads: get/list/watch; it writes only submitted jobs: rayjobs, sparkapplications, flinksessionjobs)",
        "Role/portal: rules[2] grants 'delete' (the portal only reads: get/list/watch; it writes only submitted jobs: rayjobs, sparkapplications, flinksessionjobs)",
        'RoleBinding: no binding of Role/portal to ServiceAccount ecommerce-platform/portal',
      ]),
    );
    // Writing a submitted job kind (of its own API group) is the one write allowed.
    expect(violations.filter(v => v.includes('rules[3]'))).toEqual([]);
    expect(violations).toContain(
      "Role/portal: rules[4] grants 'patch' (the portal only reads: get/list/watch; it writes only submitted jobs: rayjobs, sparkapplications, flinksessionjobs)",
    );
  });
});
