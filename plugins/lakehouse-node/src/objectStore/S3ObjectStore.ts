import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ConflictError } from '@backstage/errors';
import { describeAbort } from '../iceberg/boundedIo';
import { readObjectBody } from '../iceberg/icebergFiles';

/** An object as read, with the ETag a conditional write checks against. @public */
export interface StoredObject {
  body: Buffer;
  etag?: string;
}

/** A write that applies only if the object is still as it was read, or still absent. @public */
export type WriteCondition = { ifMatch: string } | { ifAbsent: true };

/**
 * The objects of one bucket a plugin reads and writes (the recommender's model files and promoted.json,
 * the simulator's control and status files).
 * @public
 */
export interface ObjectStore {
  /** Undefined when there is no such object. */
  get(key: string): Promise<StoredObject | undefined>;
  exists(key: string): Promise<boolean>;
  /** The object's ETag and size without its body; undefined when there is no such object. */
  head(key: string): Promise<{ etag?: string; size?: number } | undefined>;
  /** Throws a ConflictError when `condition` no longer holds (someone else wrote meanwhile). */
  put(key: string, body: string, condition: WriteCondition): Promise<void>;
  /** `s3://bucket/key`, for messages. */
  uri(key: string): string;
}

function statusOf(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } }).$metadata
    ?.httpStatusCode;
}

const isMissing = (e: unknown) =>
  ['NoSuchKey', 'NotFound'].includes((e as Error).name) || statusOf(e) === 404;

/**
 * S3 (the AWS SDK client of the plugin), every call bounded by `timeoutMs`, every read by
 * `maxBytes` (refused from its declared length, or while it streams).
 * @public
 */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly limits: { timeoutMs: number; maxBytes: number },
  ) {}

  uri(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  async #bounded<T>(
    key: string,
    call: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const { timeoutMs } = this.limits;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      return await call(timeout);
    } catch (e) {
      throw describeAbort(e, this.uri(key), timeout, timeoutMs);
    }
  }

  get(key: string): Promise<StoredObject | undefined> {
    const { maxBytes } = this.limits;
    return this.#bounded(key, async abortSignal => {
      let res;
      try {
        res = await this.client.send(
          new GetObjectCommand({ Bucket: this.bucket, Key: key }),
          { abortSignal },
        );
      } catch (e) {
        if (isMissing(e)) return undefined;
        throw e;
      }
      const body = await readObjectBody(
        res,
        maxBytes,
        this.uri(key),
        abortSignal,
      );
      return { body, etag: res.ETag };
    });
  }

  exists(key: string): Promise<boolean> {
    return this.#bounded(key, async abortSignal => {
      try {
        await this.client.send(
          new HeadObjectCommand({ Bucket: this.bucket, Key: key }),
          { abortSignal },
        );
        return true;
      } catch (e) {
        if (isMissing(e)) return false;
        throw e;
      }
    });
  }

  head(key: string): Promise<{ etag?: string; size?: number } | undefined> {
    return this.#bounded(key, async abortSignal => {
      try {
        const res = await this.client.send(
          new HeadObjectCommand({ Bucket: this.bucket, Key: key }),
          { abortSignal },
        );
        return { etag: res.ETag, size: res.ContentLength };
      } catch (e) {
        if (isMissing(e)) return undefined;
        throw e;
      }
    });
  }

  put(key: string, body: string, condition: WriteCondition): Promise<void> {
    return this.#bounded(key, async abortSignal => {
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: body,
            ContentType: 'application/json',
            ...('ifMatch' in condition
              ? { IfMatch: condition.ifMatch }
              : { IfNoneMatch: '*' }),
          }),
          { abortSignal },
        );
      } catch (e) {
        // 412: the precondition failed; 409: a concurrent conditional write to the same key.
        if (
          statusOf(e) === 412 ||
          statusOf(e) === 409 ||
          ['PreconditionFailed', 'ConditionalRequestConflict'].includes(
            (e as Error).name,
          )
        ) {
          throw new ConflictError(
            `${this.uri(
              key,
            )} was changed by someone else meanwhile: nothing was written; reload and try again`,
          );
        }
        throw e;
      }
    });
  }
}
