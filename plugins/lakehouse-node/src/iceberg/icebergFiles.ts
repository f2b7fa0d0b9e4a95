import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import avro from 'avsc';
import { Readable } from 'node:stream';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describeAbort, readCapped } from './boundedIo';

/**
 * Reads the table's files (metadata, manifests, data) from the object store.
 * @public
 */
export interface ObjectReader {
  /** `signal`: the refresh gave up (its own timeout); the read stops. */
  read(uri: string, signal?: AbortSignal): Promise<Buffer>;
}

/** @public */
export interface ObjectReadLimits {
  /** One read, headers and body. */
  timeoutMs: number;
  /** A bigger object is refused (from its declared length, or while it streams). */
  maxBytes: number;
}

/**
 * The body of a GetObject answer, at most `maxBytes`: refused from its declared length before a
 * byte is read, or while it streams.
 * @public
 */
export async function readObjectBody(
  res: Pick<GetObjectCommandOutput, 'ContentLength' | 'Body'>,
  maxBytes: number,
  uri: string,
  signal: AbortSignal,
): Promise<Buffer> {
  if ((res.ContentLength ?? 0) > maxBytes) {
    await res.Body?.transformToWebStream().cancel();
    throw new Error(
      `${uri} is ${res.ContentLength} bytes, larger than ${maxBytes} bytes: refused`,
    );
  }
  return readCapped(res.Body?.transformToWebStream(), maxBytes, uri, signal);
}

/**
 * Reads `s3://bucket/key` (or `s3a://`) objects whole, each read bounded in time and size.
 * @public
 */
export class S3ObjectReader implements ObjectReader {
  constructor(
    private readonly client: S3Client,
    private readonly limits: ObjectReadLimits,
  ) {}

  async read(uri: string, signal?: AbortSignal): Promise<Buffer> {
    const match = /^s3a?:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (!match) throw new Error(`Not an s3:// location: ${uri}`);
    const { timeoutMs, maxBytes } = this.limits;
    const timeout = AbortSignal.timeout(timeoutMs);
    const abortSignal = signal ? AbortSignal.any([timeout, signal]) : timeout;
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: match[1], Key: match[2] }),
        { abortSignal },
      );
      return await readObjectBody(res, maxBytes, uri, abortSignal);
    } catch (e) {
      throw describeAbort(e, uri, timeout, timeoutMs);
    }
  }
}

/**
 * Iceberg writes snapshot and file ids as 64-bit longs, beyond what a JS
 * number holds exactly (avsc refuses them by default): read them as BigInt.
 * @public
 */
export const BigIntLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (v: number | string) => BigInt(v),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => {
    if (a === b) return 0;
    return a < b ? -1 : 1;
  },
});

/**
 * The records of an Avro object container file (manifest lists and manifests).
 * @public
 */
export function readAvro(buffer: Buffer): Promise<Record<string, any>[]> {
  return new Promise((resolve, reject) => {
    const records: Record<string, any>[] = [];
    const decoder = new avro.streams.BlockDecoder({
      parseHook: (schema: any) =>
        avro.Type.forSchema(schema, { registry: { long: BigIntLong } as any }),
    });
    decoder.on('data', (r: Record<string, any>) => records.push(r));
    decoder.on('end', () => resolve(records));
    decoder.on('error', reject);
    Readable.from([buffer]).pipe(decoder);
  });
}

/**
 * The rows of a Parquet data file, only the given columns that exist in it.
 * @public
 */
export async function readParquet(
  buffer: Buffer,
  columns: string[],
): Promise<Record<string, unknown>[]> {
  const file = buffer.buffer.slice(
    buffer.byteOffset,
    buffer.byteOffset + buffer.byteLength,
  ) as ArrayBuffer;
  const metadata = await parquetMetadataAsync(file);
  const present = new Set(metadata.schema.map(s => s.name));
  return parquetReadObjects({
    file,
    metadata,
    columns: columns.filter(c => present.has(c)),
    compressors,
  });
}

/**
 * A Parquet timestamp as epoch milliseconds: it arrives as a Date (hyparquet's conversion),
 * epoch micros (BigInt), a number of milliseconds or an ISO string.
 * @public
 */
export function parquetTimestampMs(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return Number(value / 1000n);
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return undefined;
}
