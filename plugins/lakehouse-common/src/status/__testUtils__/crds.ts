import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

// The operators' CRDs (what `local-platform/lp crds` generates) come from the repository's test utilities.
export {
  CRD_DIR,
  CRD_FILES,
  crdSchema,
  loadCrd,
  schemaAt,
} from '@internal/lakehouse-test-utils';

// eslint-disable-next-line no-restricted-syntax
export const FIXTURE_DIR = path.resolve(__dirname, '..', '__fixtures__');

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
