import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repoRoot';

/** The platform's own fraud detector (apps/fraud-detection), as the portal ships it. */
export const FRAUD_APP_DIR = join(REPO_ROOT, 'apps', 'fraud-detection');

const FILES = [
  'main.py',
  'fraud_detection/__init__.py',
  'fraud_detection/config.py',
  'fraud_detection/rules.py',
];

/**
 * The detector zipped for the submit API, its shipped settings changed only
 * by `overrides` (tests bound it to the batch in the object store).
 */
export async function zipFraudApp(
  overrides: Record<string, unknown>,
): Promise<string> {
  const zip = new JSZip();
  for (const file of FILES)
    zip.file(file, readFileSync(join(FRAUD_APP_DIR, file)));
  const settings = JSON.parse(
    readFileSync(join(FRAUD_APP_DIR, 'fraud_detection/app.json'), 'utf8'),
  );
  zip.file(
    'fraud_detection/app.json',
    JSON.stringify({ ...settings, ...overrides }),
  );
  return (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
}
