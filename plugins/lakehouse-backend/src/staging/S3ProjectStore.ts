import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PublishedProject } from '@internal/plugin-lakehouse-common';
import type { ProjectArchive } from './ProjectArchive';
import { redactSecrets } from '../engines/redact';
import {
  s3CallOptions,
  s3Failure,
  type StagingConfig,
} from './S3ProjectStager';

/** How long a download link of a generated project stays valid. */
const DOWNLOAD_LINK_SECONDS = 7 * 24 * 3600;

export type { PublishedProject } from '@internal/plugin-lakehouse-common';

/**
 * Generated projects without a git host live in the object store, one folder
 * per project (`<prefix>/projects/<name>/`): the catalog reads their
 * catalog-info.yaml through its AWS S3 integration and users download the zip.
 */
export class S3ProjectStore {
  constructor(
    private readonly config: StagingConfig,
    private readonly client: S3Client,
  ) {}

  /**
   * The owner recorded when the project was last published (on its zip), or undefined when no
   * project of that name is kept.
   */
  async ownerOf(name: string): Promise<string | undefined> {
    const base = `${this.config.prefix}/projects/${name}`;
    try {
      const head = await this.client.send(
        new HeadObjectCommand({
          Bucket: this.config.bucket,
          Key: `${base}/${name}.zip`,
        }),
        s3CallOptions(this.config),
      );
      return head.Metadata?.owner ?? '';
    } catch (e) {
      if (
        (e as { $metadata?: { httpStatusCode?: number } }).$metadata
          ?.httpStatusCode === 404
      ) {
        return undefined;
      }
      throw new Error(
        redactSecrets(
          `Could not read the project in s3://${
            this.config.bucket
          }/${base}/ (${s3Failure(
            e,
            this.config,
          )}). Check lakehouse.staging in app-config.`,
        ),
      );
    }
  }

  async publish(
    name: string,
    project: ProjectArchive,
    owner: string,
  ): Promise<PublishedProject> {
    const { bucket } = this.config;
    const base = `${this.config.prefix}/projects/${name}`;
    try {
      await this.removeOld(`${base}/`);
      for (const file of project.files) {
        await this.put(`${base}/files/${file.path}`, file.content);
      }
      await this.put(`${base}/${name}.zip`, project.zip, { owner });
    } catch (e) {
      throw new Error(
        redactSecrets(
          `Could not store the project in s3://${bucket}/${base}/ (${s3Failure(
            e,
            this.config,
          )}). Check lakehouse.staging in app-config.`,
        ),
      );
    }
    const downloadUrl = await getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: bucket,
        Key: `${base}/${name}.zip`,
        ResponseContentDisposition: `attachment; filename="${name}.zip"`,
      }),
      { expiresIn: DOWNLOAD_LINK_SECONDS },
    );
    return {
      location: `s3://${bucket}/${base}/files/`,
      catalogInfoUrl: this.httpUrl(`${base}/files/catalog-info.yaml`),
      downloadUrl,
    };
  }

  /** The object's URL as the catalog's S3 reader parses it (path style for custom endpoints). */
  private httpUrl(key: string): string {
    const { endpoint, bucket, region } = this.config;
    return endpoint
      ? `${endpoint.replace(/\/+$/, '')}/${bucket}/${key}`
      : `https://${bucket}.s3.${region}.amazonaws.com/${key}`;
  }

  private async put(
    Key: string,
    Body: Buffer,
    Metadata?: Record<string, string>,
  ) {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.config.bucket, Key, Body, Metadata }),
      s3CallOptions(this.config),
    );
  }

  /** A republished project must not keep files the new version deleted. */
  private async removeOld(prefix: string) {
    const listed = await this.client.send(
      new ListObjectsV2Command({
        Bucket: this.config.bucket,
        Prefix: prefix,
        MaxKeys: 1000,
      }),
      s3CallOptions(this.config),
    );
    const keys = (listed.Contents ?? []).flatMap(o =>
      o.Key ? [{ Key: o.Key }] : [],
    );
    if (keys.length) {
      await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.config.bucket,
          Delete: { Objects: keys },
        }),
        s3CallOptions(this.config),
      );
    }
  }
}
