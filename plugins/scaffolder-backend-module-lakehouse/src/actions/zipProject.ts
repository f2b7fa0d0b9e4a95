import { InputError } from '@backstage/errors';
import { MAX_PROJECT_ZIP_BYTES } from '@internal/plugin-lakehouse-common';
import JSZip from 'jszip';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Never part of what an engine runs: VCS data, caches, local environments. */
const SKIPPED = new Set([
  '.git',
  '__pycache__',
  '.venv',
  'venv',
  'node_modules',
  '.pytest_cache',
]);

/**
 * Zips a project folder of the task workspace for submission. Symlinks are
 * not followed (a template must not be able to ship files from outside its
 * workspace); the size limit is the backend's.
 */
export async function zipProject(dir: string): Promise<string> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new InputError(
      `projectPath '${dir}' is not a folder of the task workspace`,
    );
  }
  const zip = new JSZip();
  let files = 0;
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile()) {
        zip.file(
          relative(dir, path).split('\\').join('/'),
          await readFile(path),
        );
        files++;
      }
    }
  };
  await walk(dir);
  if (files === 0)
    throw new InputError(`projectPath '${dir}' has no files to submit`);
  const buffer = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
  });
  if (buffer.length > MAX_PROJECT_ZIP_BYTES) {
    throw new InputError(
      `The project zips to ${buffer.length} bytes, over the ${MAX_PROJECT_ZIP_BYTES}-byte limit: keep data files out of it`,
    );
  }
  return buffer.toString('base64');
}
