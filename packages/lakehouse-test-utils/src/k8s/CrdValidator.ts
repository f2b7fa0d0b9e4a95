import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { assertCrdDir, CRD_DIR } from './crdDir';
import { K8sObject, Violation, objectRef } from './objects';

type CrdVersion = { name: string; schema?: { openAPIV3Schema?: any } };
type Crd = {
  spec: { group: string; names: { kind: string }; versions: CrdVersion[] };
};

const NUMBER_FORMATS = ['int32', 'int64', 'float', 'double'];

/**
 * Validates custom resources against the operators' CRDs as `local-platform/lp crds`
 * generates them from the package registries (see ./crdDir)
 * (`spec.versions[].schema.openAPIV3Schema` of the matching group/version/kind).
 */
export class CrdValidator {
  private readonly schemas = new Map<string, any>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ajv: Ajv;

  constructor(crdDir: string = CRD_DIR) {
    assertCrdDir(crdDir);
    this.ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(this.ajv);
    for (const name of NUMBER_FORMATS) {
      this.ajv.addFormat(name, { type: 'number', validate: () => true });
    }
    for (const file of listYaml(crdDir)) {
      const crd = parse(fs.readFileSync(file, 'utf8')) as Crd;
      for (const v of crd.spec.versions) {
        if (v.schema?.openAPIV3Schema) {
          this.schemas.set(
            gvkKey(`${crd.spec.group}/${v.name}`, crd.spec.names.kind),
            v.schema.openAPIV3Schema,
          );
        }
      }
    }
  }

  /** True when a CRD for the object's apiVersion/kind was loaded. */
  handles(obj: K8sObject): boolean {
    return this.schemas.has(gvkKey(obj.apiVersion, obj.kind));
  }

  validate(obj: K8sObject): Violation[] {
    const key = gvkKey(obj.apiVersion, obj.kind);
    const schema = this.schemas.get(key);
    if (!schema) return [`${objectRef(obj)}: no CRD schema for ${key}`];
    let fn = this.compiled.get(key);
    if (!fn) {
      const root = toJsonSchema(schema);
      // The API server always accepts these at the root; some CRDs (Flink's) do not list them.
      root.properties = {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        ...root.properties,
      };
      fn = this.ajv.compile(root);
      this.compiled.set(key, fn);
    }
    return fn(obj) ? [] : (fn.errors ?? []).map(e => formatAjvError(obj, e));
  }
}

export function formatAjvError(obj: K8sObject, e: ErrorObject): Violation {
  const field = e.instancePath || '/';
  let extra = '';
  if (e.params?.additionalProperty) extra = ` '${e.params.additionalProperty}'`;
  else if (e.params?.allowedValues)
    extra = ` (${e.params.allowedValues.join(', ')})`;
  return `${objectRef(obj)}: ${field} ${e.message}${extra}`;
}

function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}, Kind=${kind}`;
}

function listYaml(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listYaml(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/**
 * Turns a Kubernetes structural schema into plain JSON Schema for ajv:
 * - `x-kubernetes-int-or-string` becomes `anyOf: [integer, string]`;
 * - `nullable: true` also admits `null`;
 * - objects with `properties` reject unknown fields (as `kubectl apply` does with its default
 *   strict field validation), unless `x-kubernetes-preserve-unknown-fields` or
 *   `x-kubernetes-embedded-resource` says otherwise;
 * - every other `x-kubernetes-*` keyword (list types, CEL validations, ...) is dropped: those
 *   need a real API server.
 */
export function toJsonSchema(node: any): any {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: any = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-kubernetes-') || k === 'nullable') continue;
    if (
      k === 'properties' ||
      k === 'patternProperties' ||
      k === 'definitions'
    ) {
      out[k] = Object.fromEntries(
        Object.entries(v as object).map(([name, s]) => [name, toJsonSchema(s)]),
      );
    } else {
      out[k] = toJsonSchema(v);
    }
  }
  if (node['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (node.nullable && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
  }
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    !node['x-kubernetes-preserve-unknown-fields'] &&
    !node['x-kubernetes-embedded-resource']
  ) {
    out.additionalProperties = false;
  }
  return out;
}
