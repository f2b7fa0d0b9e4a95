import JSZip from 'jszip';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './repoRoot';

/** The platform's own apps (apps/<name>), as the portal ships them. */
const APPS_DIR = join(REPO_ROOT, 'apps');
export const FRAUD_APP_DIR = join(APPS_DIR, 'fraud-detection');

/** What an app sends to its engine: its code and settings, not its tests or docs. */
function shippedFiles(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return name === 'tests' || name.startsWith('.') || name === '__pycache__'
        ? []
        : shippedFiles(path, root);
    }
    return /\.(py|json|txt)$/.test(name) ? [relative(root, path)] : [];
  });
}

/**
 * A platform app zipped for the submit API, the settings file `settings`
 * (relative to the app, e.g. `batch_etl/app.json`) changed only by `overrides`.
 */
export async function zipPlatformApp(
  app: string,
  /** The app's settings file, if it has one (an app like the simulator takes arguments instead). */
  settings?: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const dir = join(APPS_DIR, app);
  const zip = new JSZip();
  for (const file of shippedFiles(dir)) {
    zip.file(file, readFileSync(join(dir, file)));
  }
  if (settings) {
    const shipped = JSON.parse(readFileSync(join(dir, settings), 'utf8'));
    zip.file(settings, JSON.stringify({ ...shipped, ...overrides }));
  }
  return (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
}

/**
 * The detector zipped for the submit API, its shipped settings changed only
 * by `overrides` (tests bound it to the batch in the object store).
 */
export function zipFraudApp(
  overrides: Record<string, unknown>,
): Promise<string> {
  return zipPlatformApp(
    'fraud-detection',
    'fraud_detection/app.json',
    overrides,
  );
}
