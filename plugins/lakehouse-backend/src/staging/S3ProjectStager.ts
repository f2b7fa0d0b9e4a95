import { Config } from '@backstage/config';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
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
}

export function readStagingConfig(config: Config): StagingConfig | undefined {
  const c = config.getOptionalConfig('lakehouse.staging');
  if (!c) return undefined;
  const accessKeyId = c.getOptionalString('accessKeyId');
  const secretAccessKey = c.getOptionalString('secretAccessKey');
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
  });
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

  async stage(
    name: string,
    submissionId: string,
    project: ProjectArchive,
  ): Promise<StagedProject> {
    const base = `${this.config.prefix}/${name}/${submissionId}`;
    const bucket = this.config.bucket;
    const put = (Key: string, Body: Buffer) =>
      this.client.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
    try {
      // A few small files: sequential keeps the 2-core case calm and ordered.
      for (const file of project.files) {
        await put(`${base}/files/${file.path}`, file.content);
      }
      await put(`${base}/project.zip`, project.zip);
    } catch (e) {
      throw new Error(
        `Could not stage the project in s3://${bucket}/${base}/ (${
          (e as Error).name
        }: ${
          (e as Error).message
        }). Check lakehouse.staging in app-config and that the bucket exists.`,
      );
    }
    return {
      bucket,
      filesKey: `${base}/files/`,
      zipKey: `${base}/project.zip`,
    };
  }
}
