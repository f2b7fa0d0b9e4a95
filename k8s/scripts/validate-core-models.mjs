// Validates core Kubernetes objects with kubernetes-models' own validators
// (`new Deployment(obj).validate()`), for the jest suite in k8s/src.
// kubernetes-models 5.x is ESM-only (its package exports have no `require` condition), which jest
// in CommonJS mode cannot load, so the tests run this file with plain Node instead.
// stdin: JSON array of objects. stdout: JSON array of { index, errors: [{ path, message }] }.
import { readFileSync } from 'node:fs';

const objects = JSON.parse(readFileSync(0, 'utf8'));

async function modelFor(apiVersion, kind) {
  // "v1" -> kubernetes-models/v1/Kind; "apps/v1" -> kubernetes-models/apps/v1/Kind
  const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
  const Model = module[kind];
  if (typeof Model !== 'function')
    throw new Error(`no model class ${kind} in ${apiVersion}`);
  return Model;
}

const results = [];
for (const [index, obj] of objects.entries()) {
  const errors = [];
  try {
    const Model = await modelFor(obj.apiVersion, obj.kind);
    new Model(obj).validate();
  } catch (e) {
    if (Array.isArray(e?.errors) && e.errors.length > 0) {
      for (const err of e.errors) {
        const extra = err.params?.additionalProperty
          ? ` '${err.params.additionalProperty}'`
          : '';
        errors.push({
          path: err.instancePath || '/',
          message: `${err.message}${extra}`,
        });
      }
    } else {
      errors.push({ path: '/', message: String(e?.message ?? e) });
    }
  }
  results.push({ index, errors });
}
process.stdout.write(JSON.stringify(results));
