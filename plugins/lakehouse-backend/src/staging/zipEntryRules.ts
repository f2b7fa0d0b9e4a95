import { InputError } from '@backstage/errors';

/**
 * What a project zip may hold. Generous for a Python or Java app, and each bound is checked
 * from the central directory alone, before a byte is inflated.
 */
export const ZIP_LIMITS = {
  /** Files and folders together, as the end-of-central-directory record declares them. */
  maxEntries: 4000,
  maxFiles: 2000,
  /** Per entry and in total, as declared and as really inflated. */
  maxUnpackedBytes: 64 * 1024 * 1024,
  maxPathBytes: 1024,
  maxSegmentBytes: 255,
  maxDepth: 32,
};

const DEFLATE = 8;
const STORED = 0;
const ENCRYPTED = 0x1;
const STRONG_ENCRYPTION = 0x40;
const MASKED_HEADER = 0x2000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The facts of one central-directory record the rules look at. */
export interface DeclaredEntry {
  fileNameRaw: Buffer;
  generalPurposeBitFlag: number;
  compressionMethod: number;
  uncompressedSize: number;
}

/** Quoted in an error: invisible characters as \\uXXXX, so the message shows what was sent. */
function escaped(path: string): string {
  return path.replace(
    /[^\x20-\x7e]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A file or folder name as an unzip elsewhere would write it, refused if it could leave the project. */
export function checkedPath(raw: Buffer): string {
  if (raw.length > ZIP_LIMITS.maxPathBytes) {
    // The name itself may be the attack (a 30,000-folder path): quote only its start.
    throw new InputError(
      `The project zip has a path of ${raw.length} bytes ('${raw
        .subarray(0, 40)
        .toString('latin1')}...'); the limit is ${ZIP_LIMITS.maxPathBytes}`,
    );
  }
  let path: string;
  try {
    path = utf8.decode(raw);
  } catch {
    throw new InputError(
      `The project zip has a path that is not UTF-8 ('${raw.toString(
        'latin1',
      )}')`,
    );
  }
  // Bidirectional overrides make a listed name read differently from what is written.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\\]/.test(path)) {
    throw new InputError(
      `The project zip has an unsafe path '${escaped(
        path,
      )}' (control character, text-direction override or backslash)`,
    );
  }
  const segments = (path.endsWith('/') ? path.slice(0, -1) : path).split('/');
  if (
    path.startsWith('/') ||
    /^[A-Za-z]:/.test(path) ||
    segments.some(s => s === '..' || s === '.' || s === '')
  ) {
    throw new InputError(`The project zip has an unsafe path '${path}'`);
  }
  if (segments.length > ZIP_LIMITS.maxDepth) {
    throw new InputError(
      `The project zip has a path ${segments.length} levels deep ('${path.slice(
        0,
        40,
      )}...'); the limit is ${ZIP_LIMITS.maxDepth}`,
    );
  }
  if (segments.some(s => Buffer.byteLength(s) > ZIP_LIMITS.maxSegmentBytes)) {
    throw new InputError(
      `The project zip has a file or folder name longer than ${
        ZIP_LIMITS.maxSegmentBytes
      } bytes in '${path.slice(0, 60)}...'`,
    );
  }
  return path;
}

/**
 * Refuses what cannot be unpacked safely with the declared sizes as bounds. (A stored entry
 * whose two sizes differ yauzl refuses itself while reading the central directory.)
 */
export function checkEntryFormat(entry: DeclaredEntry, path: string): void {
  const flags = entry.generalPurposeBitFlag;
  if (flags & (ENCRYPTED | STRONG_ENCRYPTION | MASKED_HEADER)) {
    throw new InputError(
      `The project zip has an encrypted entry '${path}'; send it unencrypted`,
    );
  }
  if (
    entry.compressionMethod !== DEFLATE &&
    entry.compressionMethod !== STORED
  ) {
    throw new InputError(
      `The project zip entry '${path}' uses compression method ${entry.compressionMethod}; only stored (0) and deflate (8) are accepted`,
    );
  }
  if (path.endsWith('/') && entry.uncompressedSize !== 0) {
    throw new InputError(
      `The project zip has a folder entry '${path}' with content`,
    );
  }
  if (entry.uncompressedSize > ZIP_LIMITS.maxUnpackedBytes) {
    throw new InputError(
      `The project zip entry '${path}' unpacks to ${entry.uncompressedSize} bytes; the project may unpack to at most ${ZIP_LIMITS.maxUnpackedBytes}`,
    );
  }
}

/**
 * Names each path once and never as both a file and a folder (`a` and `a/b`), which an unzip
 * elsewhere would resolve by overwriting. Linear in the total path length.
 */
export class PathSet {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  add(path: string): void {
    const isFolder = path.endsWith('/');
    const name = isFolder ? path.slice(0, -1) : path;
    if (this.files.has(name) || (!isFolder && this.folders.has(name))) {
      throw new InputError(
        `The project zip names '${name}' twice (or as both a file and a folder)`,
      );
    }
    if (isFolder) {
      this.folders.add(name);
    } else {
      this.files.add(name);
    }
    // Parents, deepest first, stopping at the first one already known: each folder is added once.
    for (
      let i = name.lastIndexOf('/');
      i > 0;
      i = name.lastIndexOf('/', i - 1)
    ) {
      const parent = name.slice(0, i);
      if (this.files.has(parent)) {
        throw new InputError(
          `The project zip names '${parent}' twice (or as both a file and a folder)`,
        );
      }
      if (this.folders.has(parent)) break;
      this.folders.add(parent);
    }
  }

  /** Every folder that holds a file or was named, sorted, each ending in `/`. */
  folderPaths(): string[] {
    return [...this.folders].sort().map(f => `${f}/`);
  }
}
