import { S3Client } from '@aws-sdk/client-s3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The flink-python jar of the local Flink installation, as a deployment would pin its path. */
function flinkPythonJar(env: Record<string, string>): string {
  const opt = join(env.LP_FLINK_HOME, 'opt');
  const jar = readdirSync(opt).find(f => /^flink-python-.*\.jar$/.test(f));
  if (!jar) throw new Error(`No flink-python jar in ${opt}`);
  return join(opt, jar);
}

/**
 * The lakehouse backend's config for the local engines (`lp env`), staging
 * under `prefix` so runs do not meet, with the object store's credentials as
 * the one secret source (`warehouse-s3`), as app-config.yaml declares it.
 */
export function lakehouseTestConfig(
  env: Record<string, string>,
  prefix: string,
) {
  return {
    app: { baseUrl: 'http://portal.test' },
    lakehouse: {
      engines: {
        spark: [
          {
            name: 'local',
            url: env.SPARK_MASTER_URL,
            restUrl: env.SPARK_REST_URL,
            masterUrl: env.SPARK_MASTER,
            // The local platform's drivers have openlineage-spark: runs report their lineage to the backend.
            openLineage: true,
          },
        ],
        flink: [
          {
            name: 'local',
            url: env.FLINK_REST_URL,
            // The backend uploads its own runner jar: never one picked by name from /jars.
            pythonRunnerJar: flinkPythonJar(env),
            savepointDir: `s3://${env.S3_BUCKET}/${prefix}/savepoints`,
          },
        ],
        ray: [{ name: 'local', url: env.RAY_DASHBOARD_URL }],
      },
      secrets: {
        'warehouse-s3': {
          env: {
            AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID,
            AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY,
          },
        },
      },
      // Sample rows are read with the AWS default chain's credentials (the harness exports lp env's).
      tables: {
        nessieUrl: env.NESSIE_URL,
        objectStore: { endpoint: env.S3_ENDPOINT },
      },
      staging: {
        endpoint: env.S3_ENDPOINT,
        bucket: env.S3_BUCKET,
        prefix,
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      },
    },
  };
}

/** A client of the local platform's S3 server (`lp env`), to check what was staged. */
export function localS3Client(env: Record<string, string>): S3Client {
  return new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    forcePathStyle: true,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    },
  });
}
