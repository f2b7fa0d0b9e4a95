import { InputError } from '@backstage/errors';
import { MAX_PROJECT_ZIP_BYTES } from '@internal/plugin-lakehouse-common';
import JSZip from 'jszip';
import { crc32 } from 'node:zlib';
import type { Readable } from 'node:stream';
import type yauzl from 'yauzl';
import { checkCentralDirectory } from './zipCentralDirectory';
import { ZIP_LIMITS } from './zipEntryRules';

const FIXED_DATE = new Date('2000-01-01T00:00:00Z');

export interface ProjectFile {
  path: string;
  content: Buffer;
}

/**
 * Inflates one entry, never holding more than its declared size: yauzl's byte count stops the
 * stream as soon as the real bytes pass the declared ones, and the running total stops it at the
 * project's limit whatever the entries declare.
 */
async function inflate(
  zipfile: yauzl.ZipFile,
  entry: yauzl.Entry,
  path: string,
  budget: number,
): Promise<Buffer> {
  let stream: Readable;
  try {
    stream = await zipfile.openReadStreamPromise(entry);
  } catch (e) {
    throw new InputError(
      `The project zip entry '${path}' cannot be read: ${e}`,
    );
  }
  const chunks: Buffer[] = [];
  let length = 0;
  let crc = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > budget) {
        throw new InputError(
          `The project unpacks to more than ${ZIP_LIMITS.maxUnpackedBytes} bytes`,
        );
      }
      crc = crc32(chunk, crc);
      chunks.push(chunk);
    }
  } catch (e) {
    stream.destroy();
    if (e instanceof InputError) throw e;
    throw new InputError(
      `The project zip entry '${path}' does not unpack as declared: ${
        e instanceof Error ? e.message : e
      }`,
    );
  }
  if (crc !== entry.crc32) {
    throw new InputError(
      `The project zip entry '${path}' is corrupt (CRC-32 mismatch)`,
    );
  }
  return Buffer.concat(chunks, length);
}

/**
 * A job's code as submitted: the zip as sent, plus its files, checked for zip
 * slip, zip bombs and a missing entrypoint before anything is staged.
 */
export class ProjectArchive {
  private constructor(readonly zip: Buffer, readonly files: ProjectFile[]) {}

  /** The same project with one more file among its staged files (the zip stays as the user's). */
  withFile(path: string, content: Buffer): ProjectArchive {
    return new ProjectArchive(this.zip, [...this.files, { path, content }]);
  }

  /** `required`: a file the project must contain (the entrypoint, or catalog-info.yaml). */
  static async fromBase64(
    base64: string,
    required: string,
    what = 'entrypoint',
  ): Promise<ProjectArchive> {
    if (typeof base64 !== 'string') {
      throw new InputError('project.zipBase64 is not base64');
    }
    // Decoded size from the text's length, before any pass over an up to 12 MB string.
    let padding = 0;
    if (base64.endsWith('=')) padding = base64.endsWith('==') ? 2 : 1;
    const size = Math.floor((base64.length * 3) / 4) - padding;
    if (size > MAX_PROJECT_ZIP_BYTES) {
      throw new InputError(
        `The project zip is ${size} bytes; the limit is ${MAX_PROJECT_ZIP_BYTES}. Leave data and build output out of the project.`,
      );
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
      throw new InputError('project.zipBase64 is not base64');
    }
    const zip = Buffer.from(base64, 'base64');
    // Everything the central directory can tell is checked before any entry is inflated.
    const {
      zipfile,
      files: entries,
      folders,
    } = await checkCentralDirectory(zip);
    const files: ProjectFile[] = [];
    try {
      let total = 0;
      for (const { path, entry } of entries) {
        const content = await inflate(
          zipfile,
          entry,
          path,
          ZIP_LIMITS.maxUnpackedBytes - total,
        );
        total += content.length;
        files.push({ path, content });
      }
    } finally {
      zipfile.close();
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
    for (const folder of folders) {
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
