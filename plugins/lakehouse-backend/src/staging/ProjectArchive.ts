import { InputError } from '@backstage/errors';
import { MAX_PROJECT_ZIP_BYTES } from '@internal/plugin-lakehouse-common';
import JSZip from 'jszip';

/** Generous for a Python app, far below what could hurt the object store. */
const MAX_FILES = 2000;
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
const FIXED_DATE = new Date('2000-01-01T00:00:00Z');

export interface ProjectFile {
  path: string;
  content: Buffer;
}

/**
 * A job's code as submitted: the zip as sent, plus its files, checked for zip
 * slip, zip bombs and a missing entrypoint before anything is staged.
 */
export class ProjectArchive {
  private constructor(readonly zip: Buffer, readonly files: ProjectFile[]) {}

  /** `required`: a file the project must contain (the entrypoint, or catalog-info.yaml). */
  static async fromBase64(
    base64: string,
    required: string,
    what = 'entrypoint',
  ): Promise<ProjectArchive> {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
      throw new InputError('project.zipBase64 is not base64');
    }
    const zip = Buffer.from(base64, 'base64');
    if (zip.length > MAX_PROJECT_ZIP_BYTES) {
      throw new InputError(
        `The project zip is ${zip.length} bytes; the limit is ${MAX_PROJECT_ZIP_BYTES}. Leave data and build output out of the project.`,
      );
    }
    let archive: JSZip;
    try {
      archive = await JSZip.loadAsync(zip, { checkCRC32: true });
    } catch (e) {
      throw new InputError(`project.zipBase64 is not a valid zip: ${e}`);
    }
    const entries = Object.values(archive.files).filter(f => !f.dir);
    if (entries.length > MAX_FILES) {
      throw new InputError(
        `The project has ${entries.length} files; the limit is ${MAX_FILES}`,
      );
    }
    const files: ProjectFile[] = [];
    let total = 0;
    for (const entry of entries) {
      // JSZip resolves `../` on load; the name as written is what an unzip elsewhere would use.
      const path =
        (entry as { unsafeOriginalName?: string }).unsafeOriginalName ??
        entry.name;
      if (
        path.startsWith('/') ||
        path.includes('\\') ||
        path.split('/').some(s => s === '..' || s === '')
      ) {
        throw new InputError(`The project zip has an unsafe path '${path}'`);
      }
      const content = await entry.async('nodebuffer');
      total += content.length;
      if (total > MAX_UNPACKED_BYTES) {
        throw new InputError(
          `The project unpacks to more than ${MAX_UNPACKED_BYTES} bytes`,
        );
      }
      files.push({ path, content });
    }
    if (!files.some(f => f.path === required)) {
      throw new InputError(
        `The ${what} '${required}' is not in the project (files: ${files
          .slice(0, 10)
          .map(f => f.path)
          .join(', ')}${files.length > 10 ? ', ...' : ''})`,
      );
    }
    // Engines get a zip rebuilt from the checked files (fixed dates: same code, same bytes, which
    // Ray's content-addressed package store relies on), never the bytes as sent.
    // Folder entries too: JSZip would otherwise add them with the current time.
    const clean = new JSZip();
    const folders = new Set(
      files.flatMap(f =>
        f.path
          .split('/')
          .slice(0, -1)
          .map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/`),
      ),
    );
    for (const folder of [...folders].sort()) {
      clean.file(folder, null, { dir: true, date: FIXED_DATE });
    }
    for (const file of files) {
      clean.file(file.path, file.content, {
        date: FIXED_DATE,
        createFolders: false,
      });
    }
    const rebuilt = await clean.generateAsync({
      type: 'nodebuffer',
      compression: 'DEFLATE',
    });
    return new ProjectArchive(rebuilt, files);
  }
}
