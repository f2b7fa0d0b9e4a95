import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CrdValidator } from './CrdValidator';
import { assertCrdDir, CRD_DIR } from './crdDir';

/**
 * Which CRD file serves each supported kind: KubeRay v1.5.0 (controller-gen
 * over its Go module), Flink operator 1.10.0 (its API jar), spark-operator
 * DERIVED from kubeflow-spark-api 2.4.0 (pins: local-platform/versions.env).
 */
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
    assertCrdDir();
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

let validator: CrdValidator | undefined;

/** One validator per test file: loading and compiling the CRDs takes seconds. */
export function crdValidator(): CrdValidator {
  validator ??= new CrdValidator(CRD_DIR);
  return validator;
}
