import { Config } from '@backstage/config';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  readPositiveDurationMs,
  S3ObjectStore,
} from '@internal/plugin-lakehouse-node';
import { redactSecrets, registerSecret } from '../engines/redact';
import type { ProjectArchive } from './ProjectArchive';

/** `lakehouse.staging`: the object store every engine can read submitted code from. */
export interface StagingConfig {
  endpoint?: string;
  region: string;
  bucket: string;
  /** Key prefix, without slashes at either end. */
  prefix: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Bound of one S3 call, retries included: a frozen store fails the call instead of holding it. */
  timeoutMs: number;
}

const DEFAULT_S3_TIMEOUT_MS = 30_000;
/** Connecting is quick or broken: a short bound finds an unreachable store fast. */
const CONNECT_TIMEOUT_MS = 5_000;

export function readStagingConfig(config: Config): StagingConfig | undefined {
  const c = config.getOptionalConfig('lakehouse.staging');
  if (!c) return undefined;
  const accessKeyId = c.getOptionalString('accessKeyId');
  const secretAccessKey = c.getOptionalString('secretAccessKey');
  // An engine may quote it back (a program printing its environment): masked wherever it appears.
  registerSecret(secretAccessKey);
  return {
    endpoint: c.getOptionalString('endpoint'),
    region: c.getOptionalString('region') ?? 'us-east-1',
    bucket: c.getString('bucket'),
    prefix: (c.getOptionalString('prefix') ?? 'portal/apps').replace(
      /^\/+|\/+$/g,
      '',
    ),
    forcePathStyle: c.getOptionalBoolean('forcePathStyle') ?? true,
    // Absent keys: the AWS default chain (IRSA, instance profile, env) applies.
    credentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey }
        : undefined,
    timeoutMs: readPositiveDurationMs(
      c,
      'lakehouse.staging',
      'timeout',
      DEFAULT_S3_TIMEOUT_MS,
    ),
  };
}

/** The one S3 client for `lakehouse.staging`, shared by submissions and kept projects. */
export function createStagingClient(config: StagingConfig): S3Client {
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: config.timeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}

/** Options of every `send`: the whole call, retries included, ends by the configured timeout. */
export const s3CallOptions = (config: StagingConfig) => ({
  abortSignal: AbortSignal.timeout(config.timeoutMs),
});

/** An S3 failure in words; an aborted call is named a timeout, which is what it was. */
export function s3Failure(e: unknown, config: StagingConfig): string {
  const { name, message } = e as Error;
  return name === 'AbortError' || name === 'TimeoutError'
    ? `no answer within ${config.timeoutMs} ms`
    : `${name}: ${message}`;
}

/** Where one submission's code lives: `s3://bucket/key`. */
export interface StagedProject {
  bucket: string;
  /** Prefix of the unpacked files, ending in `/`. */
  filesKey: string;
  /** The zip as submitted. */
  zipKey: string;
}

/**
 * Copies a submission's code to the object store, one folder per submission
 * (`<prefix>/<job>/<id>/`), so a retried or resubmitted job never sees
 * another one's files.
 */
export class S3ProjectStager {
  constructor(
    private readonly config: StagingConfig,
    private readonly client: S3Client,
  ) {}

  describe(): string {
    return `s3://${this.config.bucket}/${this.config.prefix}/`;
  }

  /**
   * `filesFolder` names the folder of the unpacked files (default `files`):
   * Flink copies it under its own name and logs that, so a folder named after
   * the submission tells its run apart in the JobManager log.
   */
  async stage(
    name: string,
    submissionId: string,
    project: ProjectArchive,
    filesFolder = 'files',
  ): Promise<StagedProject> {
    const base = this.#folder(name, submissionId);
    const bucket = this.config.bucket;
    const staged = this.locate(name, submissionId, filesFolder);
    const put = (Key: string, Body: Buffer) =>
      this.client.send(
        new PutObjectCommand({ Bucket: bucket, Key, Body }),
        s3CallOptions(this.config),
      );
    try {
      // A few small files: sequential keeps the 2-core case calm and ordered.
      for (const file of project.files) {
        await put(`${staged.filesKey}${file.path}`, file.content);
      }
      await put(staged.zipKey, project.zip);
    } catch (e) {
      throw new Error(
        redactSecrets(
          `Could not stage the project in s3://${bucket}/${base}/ (${s3Failure(
            e,
            this.config,
          )}). Check lakehouse.staging in app-config and that the bucket exists.`,
        ),
      );
    }
    return staged;
  }

  /** Where stage() puts a submission, without writing anything: what a dry run shows. */
  locate(
    name: string,
    submissionId: string,
    filesFolder = 'files',
  ): StagedProject {
    return {
      bucket: this.config.bucket,
      filesKey: `${this.#folder(name, submissionId)}/${filesFolder}/`,
      zipKey: this.#zipKey(name, submissionId),
    };
  }

  /** One folder per submission: `<prefix>/<job>/<id>`. */
  #folder(name: string, submissionId: string): string {
    return `${this.config.prefix}/${name}/${submissionId}`;
  }

  #zipKey(name: string, submissionId: string): string {
    return `${this.#folder(name, submissionId)}/project.zip`;
  }

  /** Keeps a submission's zip for reruns, where stage() would have (for engines that stage nothing). */
  async keepZip(
    name: string,
    submissionId: string,
    zip: Buffer,
  ): Promise<string> {
    const Key = this.#zipKey(name, submissionId);
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.config.bucket, Key, Body: zip }),
        s3CallOptions(this.config),
      );
    } catch (e) {
      throw new Error(
        redactSecrets(
          `Could not keep the project in s3://${
            this.config.bucket
          }/${Key} (${s3Failure(e, this.config)})`,
        ),
      );
    }
    return Key;
  }

  /** A kept zip, bounded in time and size while it is read (the store is shared with the engines). */
  async loadZip(key: string, maxBytes: number): Promise<Buffer> {
    const store = new S3ObjectStore(this.client, this.config.bucket, {
      timeoutMs: this.config.timeoutMs,
      maxBytes,
    });
    let kept;
    try {
      kept = await store.get(key);
    } catch (e) {
      throw new Error(
        redactSecrets(
          `Could not read the kept project ${store.uri(key)} (${s3Failure(
            e,
            this.config,
          )})`,
        ),
      );
    }
    if (!kept) {
      throw new Error(
        `The kept project ${store.uri(
          key,
        )} is gone (deleted from the staging store): submit the job again from its project`,
      );
    }
    return kept.body;
  }
}
