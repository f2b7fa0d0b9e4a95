import { InputError } from '@backstage/errors';
import yauzl from 'yauzl';
import {
  checkEntryFormat,
  checkedPath,
  PathSet,
  ZIP_LIMITS,
} from './zipEntryRules';

const LOCAL_HEADER_BYTES = 30;

/** An entry whose metadata passed every check; its data is still packed. */
export interface CheckedEntry {
  path: string;
  entry: yauzl.Entry;
}

export interface CheckedZip {
  zipfile: yauzl.ZipFile;
  files: CheckedEntry[];
  /** Folders that hold a file or are named in the zip, sorted, each ending in `/`. */
  folders: string[];
}

function notAZip(e: unknown): InputError {
  return new InputError(
    `project.zipBase64 is not a valid zip: ${
      e instanceof Error ? e.message : e
    }`,
  );
}

/**
 * Reads and checks the zip's central directory and local headers without inflating anything:
 * entry count (from the end record, before the first entry is read), declared sizes and their sum,
 * names, encryption, compression method, and entries whose bytes overlap (the way one deflate
 * stream is made to count as many files).
 */
export async function checkCentralDirectory(zip: Buffer): Promise<CheckedZip> {
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await yauzl.fromBufferPromise(zip, {
      lazyEntries: true,
      autoClose: false,
      // Names are checked from their raw bytes below: yauzl would otherwise prefer the
      // Info-ZIP Unicode Path extra field, a second name another unzip might not use.
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (e) {
    throw notAZip(e);
  }
  try {
    if (zipfile.entryCount > ZIP_LIMITS.maxEntries) {
      throw new InputError(
        `The project zip has ${zipfile.entryCount} entries; the limit is ${ZIP_LIMITS.maxEntries}`,
      );
    }
    const entries: yauzl.Entry[] = [];
    const iterator = zipfile.eachEntry();
    for (;;) {
      let next: IteratorResult<yauzl.Entry>;
      try {
        next = await iterator.next();
      } catch (e) {
        throw notAZip(e);
      }
      if (next.done) break;
      entries.push(next.value);
    }
    // Files before folders: an unsafe name is reported as the file that has it, not as the
    // folder entry a zip tool derived from it.
    const isFolder = (e: yauzl.Entry) =>
      e.fileNameRaw[e.fileNameRaw.length - 1] === 0x2f;
    entries.sort((a, b) => Number(isFolder(a)) - Number(isFolder(b)));

    const paths = new PathSet();
    const files: CheckedEntry[] = [];
    const ranges: { start: number; end: number; path: string }[] = [];
    let declaredTotal = 0;
    for (const entry of entries) {
      const path = checkedPath(entry.fileNameRaw);
      checkEntryFormat(entry, path);
      paths.add(path);
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > ZIP_LIMITS.maxUnpackedBytes) {
        throw new InputError(
          `The project unpacks to more than ${ZIP_LIMITS.maxUnpackedBytes} bytes (declared sizes)`,
        );
      }
      let local: yauzl.LocalFileHeader;
      try {
        local = await zipfile.readLocalFileHeaderPromise(entry);
      } catch (e) {
        throw notAZip(e);
      }
      if (!local.fileName.equals(entry.fileNameRaw)) {
        throw new InputError(
          `The project zip entry '${path}' has another name in its local header`,
        );
      }
      ranges.push({
        start: entry.relativeOffsetOfLocalHeader,
        end: local.fileDataStart + entry.compressedSize,
        path,
      });
      if (!isFolder(entry)) files.push({ path, entry });
    }
    if (files.length > ZIP_LIMITS.maxFiles) {
      throw new InputError(
        `The project has ${files.length} files; the limit is ${ZIP_LIMITS.maxFiles}`,
      );
    }
    ranges.sort((a, b) => a.start - b.start);
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i].start < ranges[i - 1].end) {
        throw new InputError(
          `The project zip has overlapping entries '${
            ranges[i - 1].path
          }' and '${ranges[i].path}'`,
        );
      }
    }
    // A local header is at least 30 bytes: an entry inside another's header is an overlap too.
    if (ranges.some(r => r.end < r.start + LOCAL_HEADER_BYTES)) {
      throw notAZip('an entry ends inside its own header');
    }
    return { zipfile, files, folders: paths.folderPaths() };
  } catch (e) {
    zipfile.close();
    throw e;
  }
}
