import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Zips no zip library would write, byte by byte, for the tests of the archive check (unit here,
 * and against the running backend in packages/backend). Test code: nothing in src imports it.
 */
export interface RawEntry {
  name: string | Buffer;
  /** The bytes as they sit in the zip (already deflated when method is 8). */
  data?: Buffer;
  method?: number;
  flags?: number;
  crc32?: number;
  uncompressedSize?: number;
  /** Name written in the local header when it should differ from the central one. */
  localName?: Buffer;
  /** Central record points here instead of at its own local header. */
  localOffset?: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;

function localHeader(e: RawEntry, name: Buffer, data: Buffer): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(SIG_LOCAL, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(e.flags ?? 0, 6);
  h.writeUInt16LE(e.method ?? 0, 8);
  h.writeUInt32LE(e.crc32 ?? crc32(data), 14);
  h.writeUInt32LE(data.length, 18);
  h.writeUInt32LE(e.uncompressedSize ?? data.length, 22);
  h.writeUInt16LE(name.length, 26);
  return Buffer.concat([h, name]);
}

function centralRecord(
  e: RawEntry,
  name: Buffer,
  data: Buffer,
  offset: number,
): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(SIG_CENTRAL, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(e.flags ?? 0, 8);
  h.writeUInt16LE(e.method ?? 0, 10);
  h.writeUInt32LE(e.crc32 ?? crc32(data), 16);
  h.writeUInt32LE(data.length, 20);
  h.writeUInt32LE(e.uncompressedSize ?? data.length, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE(offset, 42);
  return Buffer.concat([h, name]);
}

/** Local records, central directory and end record(s); zip64 ones when there are over 65,535 entries. */
export function rawZip(
  entries: RawEntry[],
  options: { declaredCount?: number } = {},
): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name) : e.name;
    const data = e.data ?? Buffer.alloc(0);
    if (e.localOffset === undefined) {
      const local = localHeader(e, e.localName ?? name, data);
      parts.push(local, data);
      central.push(centralRecord(e, name, data, offset));
      offset += local.length + data.length;
    } else {
      central.push(centralRecord(e, name, data, e.localOffset));
    }
  }
  const cd = Buffer.concat(central);
  const count = options.declaredCount ?? entries.length;
  const tail: Buffer[] = [];
  if (count > 0xffff) {
    const end64 = Buffer.alloc(56);
    end64.writeUInt32LE(SIG_END64, 0);
    end64.writeBigUInt64LE(44n, 4);
    end64.writeUInt16LE(45, 12);
    end64.writeUInt16LE(45, 14);
    end64.writeBigUInt64LE(BigInt(count), 24);
    end64.writeBigUInt64LE(BigInt(count), 32);
    end64.writeBigUInt64LE(BigInt(cd.length), 40);
    end64.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(SIG_END64_LOCATOR, 0);
    locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(end64, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG_END, 0);
  end.writeUInt16LE(Math.min(count, 0xffff), 8);
  end.writeUInt16LE(Math.min(count, 0xffff), 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, ...tail, end]);
}

/**
 * A raw deflate stream of `mib` MiB of zeros, about 1 KiB per MiB, built without inflating
 * anything: one sync-flushed block of 1 MiB of zeros (no back reference leaves it), repeated,
 * then an empty final block.
 */
export function deflatedZeros(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), {
    finishFlush: constants.Z_SYNC_FLUSH,
  });
  return Buffer.concat([
    ...new Array<Buffer>(mib).fill(block),
    deflateRawSync(Buffer.alloc(0)),
  ]);
}

const MAIN: RawEntry = { name: 'main.py', data: Buffer.from('print(1)\n') };
const deflated = (name: string, text: string): RawEntry => ({
  name,
  method: 8,
  data: deflateRawSync(Buffer.from(text)),
  crc32: crc32(Buffer.from(text)),
  uncompressedSize: Buffer.byteLength(text),
});

export interface HostileZip {
  name: string;
  zip: () => Buffer;
  /** What the refusal must say. */
  refusal: RegExp;
}

/** Each has a valid `main.py`, so the hostile part alone is what gets it refused. */
export const hostileZips: HostileZip[] = [
  {
    name: 'one entry of 1 GiB of zeros',
    zip: () => {
      // CRC left 0: a check that computes it has already inflated too much.
      const data = deflatedZeros(1024);
      return rawZip([
        MAIN,
        {
          name: 'zeros.bin',
          method: 8,
          data,
          crc32: 0,
          uncompressedSize: 2 ** 30,
        },
      ]);
    },
    refusal: /'zeros.bin' unpacks to 1073741824 bytes/,
  },
  {
    name: '1 GiB of zeros declared as 1 KiB',
    zip: () => {
      const data = deflatedZeros(1024);
      return rawZip([
        MAIN,
        {
          name: 'zeros.bin',
          method: 8,
          data,
          crc32: 0,
          uncompressedSize: 1024,
        },
      ]);
    },
    refusal: /'zeros.bin' does not unpack as declared: too many bytes/,
  },
  {
    name: 'an entry declaring more bytes than it holds',
    zip: () =>
      rawZip([
        MAIN,
        { ...deflated('short.py', 'x = 1\n'), uncompressedSize: 1000 },
      ]),
    refusal: /'short.py' does not unpack as declared: not enough bytes/,
  },
  {
    name: '100,000 entries',
    zip: () =>
      rawZip([
        MAIN,
        ...Array.from({ length: 100_000 }, () => ({ ...MAIN, localOffset: 0 })),
      ]),
    // Its central directory alone is over the project size limit.
    refusal: /The project zip is \d+ bytes; the limit is 4194304/,
  },
  {
    name: '5,000 entries',
    zip: () =>
      rawZip([
        MAIN,
        ...Array.from({ length: 4_999 }, () => ({ ...MAIN, localOffset: 0 })),
      ]),
    refusal: /has 5000 entries; the limit is 4000/,
  },
  {
    name: '65,535 entries declared, one present',
    zip: () => rawZip([MAIN], { declaredCount: 0xffff }),
    refusal: /has 65535 entries; the limit is 4000/,
  },
  {
    name: 'a name of 30,000 nested folders',
    zip: () => rawZip([MAIN, { name: `${'a/'.repeat(30_000)}x.py` }]),
    refusal: /a path of 60004 bytes .* the limit is 1024/,
  },
  {
    name: 'a path 33 folders deep',
    zip: () => rawZip([MAIN, { name: `${'d/'.repeat(33)}x.py` }]),
    refusal: /a path 34 levels deep.*the limit is 32/,
  },
  {
    name: 'a file name of 256 bytes',
    zip: () => rawZip([MAIN, { name: `${'n'.repeat(256)}.py` }]),
    refusal: /longer than 255 bytes/,
  },
  {
    name: 'an entry inside another entry (overlapping data)',
    zip: () => {
      // The outer entry's stored bytes are the inner entry's whole local record.
      const inner = rawZip([{ name: 'inner.py', data: Buffer.from('x') }]);
      const innerRecord = inner.subarray(0, 30 + 'inner.py'.length + 1);
      return rawZip([
        MAIN,
        { name: 'outer.bin', data: innerRecord },
        {
          name: 'inner.py',
          data: Buffer.from('x'),
          // After main.py's record and outer.bin's header.
          localOffset: 30 + 7 + 9 + 30 + 9,
        },
      ]);
    },
    refusal: /overlapping entries 'outer.bin' and 'inner.py'/,
  },
  {
    name: 'two names for one local record',
    zip: () => rawZip([MAIN, { ...MAIN, name: 'copy.py', localOffset: 0 }]),
    refusal: /'copy.py' has another name in its local header/,
  },
  {
    name: 'the same file twice',
    zip: () => rawZip([MAIN, { ...MAIN }]),
    refusal: /names 'main.py' twice/,
  },
  {
    name: 'a name that is a file and a folder',
    zip: () =>
      rawZip([
        MAIN,
        { name: 'lib', data: Buffer.from('x') },
        { name: 'lib/x.py' },
      ]),
    refusal: /names 'lib' twice \(or as both a file and a folder\)/,
  },
  {
    name: 'an encrypted entry',
    zip: () =>
      rawZip([
        MAIN,
        { name: 'secret.py', method: 8, data: Buffer.alloc(12), flags: 1 },
      ]),
    refusal: /encrypted entry 'secret.py'/,
  },
  {
    name: 'bzip2 compression',
    zip: () =>
      rawZip([MAIN, { name: 'b.py', method: 12, data: Buffer.from('BZh9') }]),
    refusal: /'b.py' uses compression method 12/,
  },
  {
    name: 'an unknown compression method',
    zip: () =>
      rawZip([MAIN, { name: 'u.py', method: 99, data: Buffer.from('x') }]),
    refusal: /'u.py' uses compression method 99/,
  },
  {
    name: 'a stored entry whose sizes differ',
    zip: () =>
      rawZip([
        MAIN,
        { name: 's.py', data: Buffer.from('x'), uncompressedSize: 5000 },
      ]),
    refusal:
      /not a valid zip: compressed\/uncompressed size mismatch for stored file: 1 != 5000/,
  },
  {
    name: 'a size of 0xFFFFFFFF without its zip64 field',
    zip: () =>
      rawZip([
        MAIN,
        {
          name: 'z.py',
          method: 8,
          data: Buffer.from([3, 0]),
          uncompressedSize: 0xffffffff,
        },
      ]),
    refusal: /'z.py' unpacks to 4294967295 bytes/,
  },
  {
    name: 'declared sizes summing over the limit',
    zip: () =>
      rawZip([
        MAIN,
        ...Array.from({ length: 7 }, (_, i) => ({
          name: `part${i}.bin`,
          method: 8,
          data: Buffer.from([3, 0]),
          uncompressedSize: 10 * 1024 * 1024,
        })),
      ]),
    refusal: /unpacks to more than 67108864 bytes \(declared sizes\)/,
  },
  {
    name: 'a wrong CRC-32',
    zip: () =>
      rawZip([MAIN, { name: 'c.py', data: Buffer.from('x = 1'), crc32: 1 }]),
    refusal: /'c.py' is corrupt \(CRC-32 mismatch\)/,
  },
  {
    name: 'a folder entry with content',
    zip: () => rawZip([MAIN, { name: 'dir/', data: Buffer.from('x') }]),
    refusal: /folder entry 'dir\/' with content/,
  },
  {
    name: 'entry data past the end of the zip',
    zip: () => {
      const zip = rawZip([MAIN]);
      // Central compressed and uncompressed size of main.py: 9 -> 4,000,000.
      const cd = zip.readUInt32LE(zip.length - 6);
      zip.writeUInt32LE(4_000_000, cd + 20);
      zip.writeUInt32LE(4_000_000, cd + 24);
      return zip;
    },
    refusal: /not a valid zip: file data overflows file bounds/,
  },
  {
    name: 'an end record counting entries that are not there',
    zip: () => rawZip([MAIN], { declaredCount: 3 }),
    refusal: /not a valid zip: unexpected EOF/,
  },
  {
    name: 'parent folder',
    zip: () => rawZip([MAIN, { name: '../x.py' }]),
    refusal: /unsafe path '..\/x.py'/,
  },
  {
    name: 'parent inside',
    zip: () => rawZip([MAIN, { name: 'a/../../x.py' }]),
    refusal: /unsafe path/,
  },
  {
    name: 'absolute path',
    zip: () => rawZip([MAIN, { name: '/etc/cron.d/x' }]),
    refusal: /unsafe path '\/etc/,
  },
  {
    name: 'drive letter',
    zip: () => rawZip([MAIN, { name: 'C:/x.py' }]),
    refusal: /unsafe path 'C:/,
  },
  {
    name: 'backslash',
    zip: () => rawZip([MAIN, { name: '..\\x.py' }]),
    refusal: /unsafe path .*backslash/,
  },
  {
    name: 'dot segment',
    zip: () => rawZip([MAIN, { name: 'a/./x.py' }]),
    refusal: /unsafe path 'a\/.\/x.py'/,
  },
  {
    name: 'empty segment',
    zip: () => rawZip([MAIN, { name: 'a//x.py' }]),
    refusal: /unsafe path 'a\/\/x.py'/,
  },
  {
    name: 'NUL in a name',
    zip: () => rawZip([MAIN, { name: 'x.py\0.txt' }]),
    refusal: /unsafe path 'x.py\\u0000.txt'/,
  },
  {
    name: 'a text-direction override in a name',
    zip: () => rawZip([MAIN, { name: 'report\u202Eyp.txt' }]),
    refusal: /unsafe path 'report\\u202eyp.txt'/,
  },
  {
    name: 'a name that is not UTF-8',
    zip: () =>
      rawZip([
        MAIN,
        { name: Buffer.from([0x66, 0xff, 0xfe, 0x2e, 0x70, 0x79]) },
      ]),
    refusal: /path that is not UTF-8/,
  },
];
