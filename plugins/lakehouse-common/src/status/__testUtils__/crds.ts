import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/**
 * The pinned operator CRDs live next to the checkout (`../shared/crds`):
 * /work/shared/crds here, the same relative place in CI. Test-only code.
 */
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..', '..');
export const CRD_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'crds');
// eslint-disable-next-line no-restricted-syntax
export const FIXTURE_DIR = path.resolve(__dirname, '..', '__fixtures__');

/** Which CRD file serves each supported kind. */
export const CRD_FILES: Record<string, string> = {
  RayCluster: 'kuberay/ray.io_rayclusters.yaml',
  RayJob: 'kuberay/ray.io_rayjobs.yaml',
  RayService: 'kuberay/ray.io_rayservices.yaml',
  SparkApplication:
    'spark-operator/sparkoperator.k8s.io_sparkapplications.yaml',
  FlinkDeployment: 'flink-operator/flinkdeployments.flink.apache.org-v1.yml',
  FlinkSessionJob: 'flink-operator/flinksessionjobs.flink.apache.org-v1.yml',
};

const cache = new Map<string, any>();

export function loadCrd(kind: string): any {
  const file = CRD_FILES[kind];
  if (!file) throw new Error(`no CRD file known for kind ${kind}`);
  if (!cache.has(file)) {
    cache.set(file, parse(fs.readFileSync(path.join(CRD_DIR, file), 'utf8')));
  }
  return cache.get(file);
}

/** `spec.versions[name].schema.openAPIV3Schema` of a kind's CRD. */
export function crdSchema(kind: string, version: string): any {
  const crd = loadCrd(kind);
  const v = crd.spec.versions.find((x: any) => x.name === version);
  if (!v) throw new Error(`${kind} CRD has no version ${version}`);
  return v.schema.openAPIV3Schema;
}

/**
 * The schema node at a dotted path (`status.jobStatus.state`); `[]` steps
 * into array items (`status.conditions[].reason`). Throws if the CRD lacks
 * the field, so a renamed field fails the tests instead of skipping them.
 */
export function schemaAt(schema: any, dotted: string): any {
  let node = schema;
  for (const part of dotted.split('.')) {
    const isArray = part.endsWith('[]');
    const key = isArray ? part.slice(0, -2) : part;
    node = node?.properties?.[key];
    if (isArray) node = node?.items;
    if (!node)
      throw new Error(`CRD schema has no field ${dotted} (stopped at ${part})`);
  }
  return node;
}

export interface Fixture {
  file: string;
  object: any;
}

/** Every fixture in a folder (one object per file, YAML or JSON), sorted by name. */
export function loadFixtures(dir: string = FIXTURE_DIR): Fixture[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter(e => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map(e => e.name)
    .sort()
    .map(name => {
      const docs = parseAllDocuments(
        fs.readFileSync(path.join(dir, name), 'utf8'),
      );
      if (docs.length !== 1 || docs[0].errors.length > 0) {
        throw new Error(`${name}: expected one valid YAML/JSON document`);
      }
      return { file: name, object: docs[0].toJS() };
    });
}

export function loadFixture(name: string): any {
  const found = loadFixtures().find(f => f.file === name);
  if (!found) throw new Error(`fixture ${name} not found in ${FIXTURE_DIR}`);
  return found.object;
}
