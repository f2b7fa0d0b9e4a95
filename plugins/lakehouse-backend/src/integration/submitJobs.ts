import { readdirSync, readFileSync } from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { join } from 'node:path';
import {
  describeAnswer,
  sendRequest,
  type SendRequestOptions,
} from '../engines/sendRequest';

/** Job scripts the engines run (they read them from this checkout). */
const JOBS = resolvePackagePath(
  '@internal/plugin-lakehouse-backend',
  'src/integration/jobs',
);

/** JSON calls through the submitters' own transport (node:http: Ray refuses browser-like POSTs). */
async function call<T>(
  method: SendRequestOptions['method'],
  url: string,
  body?: unknown,
): Promise<T> {
  const answer = await sendRequest({
    method,
    url,
    body,
    timeoutMs: 180_000,
    maxBytes: 16 * 1024 * 1024,
  });
  if (answer.status >= 300)
    throw new Error(
      `${method} ${url} -> HTTP ${answer.status}: ${describeAnswer(
        answer.body,
      )}`,
    );
  return (answer.body || {}) as T;
}

/**
 * Spark Python app in cluster mode through the REST submission server, as the
 * local platform's own tests do. `--master` makes the driver register an
 * application with the master, so both show in `/json/`.
 */
export async function submitSpark(
  env: Record<string, string>,
  mode: 'ok' | 'fail',
  seconds: number,
  name: string,
) {
  const res = await call<{ success: boolean; submissionId: string }>(
    'POST',
    `${env.SPARK_REST_URL}/v1/submissions/create`,
    {
      action: 'CreateSubmissionRequest',
      appResource: '',
      clientSparkVersion: '',
      mainClass: 'org.apache.spark.deploy.SparkSubmit',
      appArgs: [
        '--master',
        env.SPARK_MASTER,
        '--conf',
        'spark.cores.max=1',
        join(JOBS, 'spark_job.py'),
        mode,
        String(seconds),
      ],
      environmentVariables: { SPARK_ENV_LOADED: '1' },
      sparkProperties: {
        'spark.app.name': name,
        'spark.master': env.SPARK_MASTER,
        'spark.submit.deployMode': 'cluster',
        'spark.driver.memory': '512m',
        'spark.driver.cores': '1',
        'spark.driver.supervise': 'false',
      },
    },
  );
  if (!res.success)
    throw new Error(`Spark submission failed: ${JSON.stringify(res)}`);
  return res.submissionId;
}

/** Uploads PyFlink's runner jar; PythonDriver then runs a `-py` script (what the Flink operator does). */
export async function uploadFlinkPythonJar(env: Record<string, string>) {
  const opt = join(env.LP_FLINK_HOME, 'opt');
  const jar = readdirSync(opt).find(
    f => f.startsWith('flink-python') && f.endsWith('.jar'),
  );
  if (!jar) throw new Error(`No flink-python jar in ${opt}`);
  const form = new FormData();
  form.append(
    'jarfile',
    new Blob([readFileSync(join(opt, jar))], {
      type: 'application/x-java-archive',
    }),
    jar,
  );
  const res = await fetch(`${env.FLINK_REST_URL}/jars/upload`, {
    method: 'POST',
    body: form,
    signal: AbortSignal.timeout(180_000),
  });
  if (!res.ok) throw new Error(`Flink jar upload -> HTTP ${res.status}`);
  const { filename } = (await res.json()) as { filename: string };
  return filename.split('/').pop()!;
}

export async function runFlink(
  env: Record<string, string>,
  jarId: string,
  mode: 'ok' | 'fail' | 'stream',
  name: string,
) {
  const res = await call<{ jobid: string }>(
    'POST',
    `${env.FLINK_REST_URL}/jars/${jarId}/run`,
    {
      entryClass: 'org.apache.flink.client.python.PythonDriver',
      programArgsList: [
        '-py',
        join(JOBS, 'flink_job.py'),
        '--mode',
        mode,
        '--name',
        name,
      ],
      parallelism: 1,
    },
  );
  return res.jobid;
}

export const cancelFlink = (env: Record<string, string>, jobId: string) =>
  call('PATCH', `${env.FLINK_REST_URL}/jobs/${jobId}?mode=cancel`);

export const deleteFlinkJar = (env: Record<string, string>, jarId: string) =>
  call('DELETE', `${env.FLINK_REST_URL}/jars/${jarId}`);

export async function submitRay(
  env: Record<string, string>,
  code: string,
  name: string,
) {
  const res = await call<{ submission_id: string }>(
    'POST',
    `${env.RAY_DASHBOARD_URL}/api/jobs/`,
    {
      entrypoint: `python -c ${JSON.stringify(code)}`,
      metadata: { name },
    },
  );
  return res.submission_id;
}
