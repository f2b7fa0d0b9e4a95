import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  makeValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import {
  isWorkload,
  KUBERNETES_ID_LABEL,
  NAMESPACE,
  podTemplates,
} from '@internal/lakehouse-test-utils';
import {
  parseYamlObjects,
  renderKustomization,
  REPO_ROOT,
} from './__testUtils__/render';

/** The root catalog and each app's own (apps/<app>/catalog-info.yaml), as app-config.yaml lists them. */
const CATALOG_FILES = [
  'catalog-info.yaml',
  ...fs
    .readdirSync(path.join(REPO_ROOT, 'apps'))
    .map(app => `apps/${app}/catalog-info.yaml`)
    .filter(f => fs.existsSync(path.join(REPO_ROOT, f))),
];

/**
 * The catalog's `backstage.io/kubernetes-id` annotations and the workloads' labels must match
 * both ways, or the Backstage Kubernetes tab shows nothing (or an orphan workload has no owner).
 */
describe('catalog-info.yaml files vs k8s/base', () => {
  const entities = CATALOG_FILES.flatMap(file =>
    parseYamlObjects(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'), file),
  );
  const annotated = entities.filter(
    e => e.metadata.annotations?.[KUBERNETES_ID_LABEL],
  );
  const catalogIds = new Set(
    annotated.map(e => e.metadata.annotations![KUBERNETES_ID_LABEL]),
  );

  const workloads = renderKustomization('base').filter(isWorkload);
  const labelIds = new Set(
    workloads.flatMap(w => w.metadata.labels?.[KUBERNETES_ID_LABEL] ?? []),
  );

  it('annotates the platform components', () => {
    expect([...catalogIds].sort()).toEqual(
      expect.arrayContaining([
        'flink',
        'minio',
        'nessie',
        'ray',
        'spark',
        // The platform's apps on KubeRay (k8s/base/apps).
        'recommendation-service',
        'recommender-training',
        'clickstream-simulator',
      ]),
    );
  });

  it('has a labelled workload for every kubernetes-id in the catalog', () => {
    expect([...catalogIds].filter(id => !labelIds.has(id))).toEqual([]);
  });

  it('has a catalog entity for every kubernetes-id label on a workload', () => {
    expect([...labelIds].filter(id => !catalogIds.has(id))).toEqual([]);
  });

  it('labels the pods too, with the same id as the workload', () => {
    const mismatched = workloads.flatMap(w =>
      podTemplates(w)
        .filter(
          t =>
            t.template?.metadata?.labels?.[KUBERNETES_ID_LABEL] !==
            w.metadata.labels?.[KUBERNETES_ID_LABEL],
        )
        .map(t => `${w.kind}/${w.metadata.name}: ${t.path}`),
    );
    expect(mismatched).toEqual([]);
  });

  it('marks the three engines with lakehouse.io/engine', () => {
    const engines = Object.fromEntries(
      entities
        .filter(e => e.metadata.annotations?.['lakehouse.io/engine'])
        // The engines themselves (the root catalog), not the apps that run on them.
        .filter(e => !e.metadata.annotations?.['lakehouse.io/job-name'])
        .map(e => [
          e.metadata.name,
          e.metadata.annotations!['lakehouse.io/engine'],
        ]),
    );
    expect(engines).toEqual({ spark: 'spark', flink: 'flink', ray: 'ray' });
  });

  it('scopes every annotated entity to the platform namespace', () => {
    const wrong = annotated
      .filter(
        e =>
          e.metadata.annotations?.['backstage.io/kubernetes-namespace'] !==
          NAMESPACE,
      )
      .map(e => `${e.kind}/${e.metadata.name}`);
    expect(wrong).toEqual([]);
  });
});

/** The catalog refuses an entity that breaks its policies, and then it is simply missing from the portal. */
describe('every catalog-info.yaml of the repository', () => {
  const policy = EntityPolicies.allOf([
    new DefaultNamespaceEntityPolicy(),
    new NoForeignRootFieldsEntityPolicy(),
    new FieldFormatEntityPolicy(makeValidator()),
    new SchemaValidEntityPolicy(),
  ]);
  it.each(CATALOG_FILES)(
    "%s passes the catalog's entity policies",
    async file => {
      const entities = parseYamlObjects(
        fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'),
        file,
      );
      const refused: string[] = [];
      for (const entity of entities) {
        try {
          await policy.enforce(entity as any);
        } catch (e) {
          refused.push(`${entity.metadata.name}: ${(e as Error).message}`);
        }
      }
      expect(refused).toEqual([]);
    },
  );
});
