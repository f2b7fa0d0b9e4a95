import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  LocalPlatform,
  REPO_ROOT,
  waitFor,
  zipPlatformApp,
} from '@internal/lakehouse-test-utils';
import lakehousePlugin from '@internal/plugin-lakehouse-backend';
import {
  lakehouseTestConfig,
  submitAndWait,
} from '@internal/plugin-lakehouse-backend/testUtils';
import type {
  ModelVersion,
  ModelVersionsResponse,
} from '@internal/plugin-recommender-common';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { recommenderPlugin } from '../plugin';

/**
 * The recommender end to end on the real engines: apps/recommender-training submitted through the
 * portal's submit API to Ray (twice, and once on a broken clickstream), the versions read back
 * through /api/recommender, apps/recommender-serving deployed on Ray Serve, and promote / roll back
 * followed by the running service.
 */
jest.setTimeout(900_000);

const platform = new LocalPlatform();
const run = Math.random().toString(36).slice(2, 8);
const prefix = `it-rec-${run}`;
const namespace = `it_rec_${run}`;
/** How long Serve may take to follow a promotion (the replicas poll promoted.json every 2 s). */
const SWITCH_BOUND_MS = 15_000;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let base: string;
let env: Record<string, string>;
let s3: S3Client;

beforeAll(async () => {
  await platform.start(['s3', 'nessie', 'ray']);
  env = platform.env;
  s3 = platform.s3Client();
  backend = await startTestBackend({
    features: [
      lakehousePlugin,
      recommenderPlugin,
      mockServices.auditor.factory(),
      mockServices.rootConfig.factory({
        data: {
          ...lakehouseTestConfig(env, `${prefix}/staging`),
          recommender: {
            catalogUri: `${env.NESSIE_URL}/iceberg`,
            table: `${namespace}.model_versions`,
            bucket: env.S3_BUCKET,
            prefix: `${prefix}/models`,
            objectStore: { endpoint: env.S3_ENDPOINT },
            refreshInterval: { seconds: 1 },
          },
        },
      }),
    ],
  });
  base = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
}, 900_000);

afterAll(async () => {
  await backend?.stop();
  await platform.stop();
}, 300_000);

async function api(path: string, init?: RequestInit) {
  const res = await fetch(`${base}/api/recommender${path}`, {
    ...init,
    headers: { 'content-type': 'application/json' },
  });
  return { status: res.status, body: await res.json() };
}

async function train(clickstream: string, extraEnv: Record<string, string>) {
  return submitAndWait(base, 'ray', {
    name: `it-recommender-training-${run}`,
    entrypoint: 'main.py',
    secrets: ['warehouse-s3'],
    env: {
      REC_BUCKET: env.S3_BUCKET,
      REC_CLICKSTREAM: clickstream,
      REC_MODEL_PREFIX: `${prefix}/models`,
      REC_TABLE: `${namespace}.model_versions`,
      REC_CATALOG_URI: `${env.NESSIE_URL}/iceberg/`,
      ...extraEnv,
    },
    project: {
      zipBase64: await zipPlatformApp(
        'recommender-training',
        'recommender_training/app.json',
      ),
    },
  });
}

async function versions(count: number): Promise<ModelVersion[]> {
  return waitFor(
    `${count} model versions in /api/recommender/versions`,
    async () => {
      const { status, body } = await api('/versions');
      return status === 200 &&
        (body as ModelVersionsResponse).versions.length === count
        ? (body as ModelVersionsResponse).versions
        : undefined;
    },
    30_000,
  );
}

async function object(key: string): Promise<Buffer> {
  const res = await s3.send(
    new GetObjectCommand({ Bucket: env.S3_BUCKET, Key: key }),
  );
  return Buffer.from(await res.Body!.transformToByteArray());
}

async function serve(path: string) {
  const res = await fetch(`${env.RAY_SERVE_URL}${path}`);
  return { status: res.status, body: await res.json() };
}

/** The model file's own top 10 for some users, computed by numpy apart from the service's code. */
async function topTenFromModelFiles(versionId: string, users: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'it-rec-'));
  const files = `${prefix}/models/versions/${versionId}`;
  writeFileSync(join(dir, 'model.npz'), await object(`${files}/model.npz`));
  writeFileSync(join(dir, 'model.json'), await object(`${files}/model.json`));
  const script = [
    'import json, sys, numpy as np',
    'z = np.load(sys.argv[1], allow_pickle=False); m = json.load(open(sys.argv[2]))',
    'out = {}',
    'for u in json.loads(sys.argv[3]):',
    '    i = m["user_ids"].index(u)',
    '    s = z["global_mean"] + z["user_bias"][i] + z["item_bias"] + z["item_factors"] @ z["user_factors"][i]',
    '    out[u] = [m["product_ids"][j] for j in sorted(range(len(s)), key=lambda j: (-s[j], j))[:10]]',
    'print(json.dumps(out))',
  ].join('\n');
  const { stdout } = await promisify(execFile)(
    join(REPO_ROOT, 'local-platform/.install/venvs/tools/bin/python'),
    [
      '-c',
      script,
      join(dir, 'model.npz'),
      join(dir, 'model.json'),
      JSON.stringify(users),
    ],
  );
  return JSON.parse(stdout) as Record<string, string[]>;
}

describe('the recommender on Ray, Nessie and S3', () => {
  let v1: ModelVersion;
  let v2: ModelVersion;
  let users: string[];

  it('trains two versions through the submit API, beating the popularity baseline 2x, and records a failed run', async () => {
    await platform.datagen(['--prefix', `${prefix}/data`]);
    const clickstream = `${prefix}/data/clickstream.json`;
    expect((await train(clickstream, {})).state).toBe('SUCCEEDED');
    expect(
      (await train(clickstream, { REC_SEED: '11', REC_EPOCHS: '40' })).state,
    ).toBe('SUCCEEDED');
    [v2, v1] = await versions(2);
    for (const v of [v1, v2]) {
      expect(v).toMatchObject({
        status: 'ready',
        numEvents: 10_045,
        // 200 users, less the 2 failed-payment fraudsters: payment failures say nothing about taste.
        numUsers: 198,
        numProducts: 100,
        artifactUri: `s3://${env.S3_BUCKET}/${prefix}/models/versions/${v.versionId}/`,
      });
      expect(v.metrics!.baselinePrecisionAt10).toBeGreaterThan(0);
      expect(v.metrics!.precisionAt10).toBeGreaterThanOrEqual(
        2 * v.metrics!.baselinePrecisionAt10!,
      );
    }
    expect(v2.params).toMatchObject({ seed: 11, epochs: 40 });
    const listed = await s3.send(
      new ListObjectsV2Command({
        Bucket: env.S3_BUCKET,
        Prefix: `${prefix}/models/versions/${v1.versionId}/`,
      }),
    );
    expect((listed.Contents ?? []).map(o => o.Key!.split('/').pop())).toEqual([
      'model.json',
      'model.npz',
    ]);
    const manifest = JSON.parse(
      (
        await object(`${prefix}/models/versions/${v1.versionId}/model.json`)
      ).toString(),
    );
    expect(manifest.format).toBe('lakehouse-recommender/1');
    users = manifest.user_ids.slice(0, 5);

    // A clickstream that is not one: the job fails, and the run is recorded as failed.
    await s3.send(
      new PutObjectCommand({
        Bucket: env.S3_BUCKET,
        Key: `${prefix}/garbage.json`,
        Body: '{"timestamp": "2025-01-01T00:00:00", "user_id": "u"}\nnot json\n',
      }),
    );
    expect((await train(`${prefix}/garbage.json`, {})).state).toBe('FAILED');
    const [failed] = await versions(3);
    expect(failed).toMatchObject({ status: 'failed', artifactUri: null });
    expect(failed.error).toMatch(/line 1 is not an event/);
  });

  it('deploys the service on Ray Serve, which answers 503 until a version is promoted', async () => {
    const port = new URL(env.RAY_SERVE_URL).port;
    const deployed = await submitAndWait(base, 'ray', {
      name: `it-recommender-serving-${run}`,
      entrypoint: 'main.py',
      secrets: ['warehouse-s3'],
      env: { SERVE_MODEL_PREFIX: `${prefix}/models`, SERVE_HTTP_PORT: port },
      project: {
        zipBase64: await zipPlatformApp(
          'recommender-serving',
          'recommender_serving/app.json',
        ),
      },
    });
    expect(deployed.state).toBe('SUCCEEDED');
    const before = await serve(`/recommend?user_id=${users[0]}&k=10`);
    expect(before.status).toBe(503);
    expect(before.body.error).toMatch(/no model version is promoted yet/);
  });

  it('refuses to promote a missing or failed version, changing nothing', async () => {
    const missing = await api('/promote', {
      method: 'POST',
      body: JSON.stringify({ versionId: 'rec-19700101-000000-000000' }),
    });
    expect(missing.status).toBe(404);
    const [failed] = await versions(3);
    const notReady = await api('/promote', {
      method: 'POST',
      body: JSON.stringify({ versionId: failed.versionId }),
    });
    expect(notReady.status).toBe(409);
    expect((await api('/versions')).body.promoted).toBeNull();
    await expect(object(`${prefix}/models/promoted.json`)).rejects.toThrow();
  });

  it("promotes: Serve answers from the version, equal to the model file's top 10", async () => {
    const promoted = await api('/promote', {
      method: 'POST',
      body: JSON.stringify({ versionId: v1.versionId }),
    });
    expect([promoted.status, promoted.body.versionId]).toEqual([
      200,
      v1.versionId,
    ]);
    await waitFor(
      `Serve to load ${v1.versionId}`,
      async () =>
        (await serve('/status')).body.version_id === v1.versionId || undefined,
      SWITCH_BOUND_MS,
      250,
    );
    const expected = await topTenFromModelFiles(v1.versionId, users);
    for (const user of users) {
      const { status, body } = await serve(`/recommend?user_id=${user}&k=10`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ version_id: v1.versionId, fallback: null });
      expect(
        body.items.map((i: { product_id: string }) => i.product_id),
      ).toEqual(expected[user]);
    }
    const stranger = await serve('/recommend?user_id=nobody-known&k=3');
    expect(stranger.body).toMatchObject({ fallback: 'popularity' });
    expect(stranger.body.items).toHaveLength(3);
    const bad = await serve(`/recommend?user_id=${users[0]}&k=1000`);
    expect(bad.status).toBe(400);
  });

  it('switches to another promoted version without a failed request, and rolls back', async () => {
    const answers: { status: number; version?: string }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const { status, body } = await serve(
          `/recommend?user_id=${users[1]}&k=5`,
        );
        answers.push({ status, version: body.version_id });
        await new Promise(r => setTimeout(r, 50));
      }
    })();
    const started = Date.now();
    const promoted = await api('/promote', {
      method: 'POST',
      body: JSON.stringify({ versionId: v2.versionId }),
    });
    expect(promoted.status).toBe(200);
    await waitFor(
      `Serve to switch to ${v2.versionId}`,
      async () => (answers.at(-1)?.version === v2.versionId ? true : undefined),
      SWITCH_BOUND_MS,
      100,
    );
    const switchMs = Date.now() - started;
    await new Promise(r => setTimeout(r, 1_000));
    polling = false;
    await poller;
    expect(answers.filter(a => a.status !== 200)).toEqual([]);
    // Once switched, it stays switched: no answer from the old version after the first new one.
    const first = answers.findIndex(a => a.version === v2.versionId);
    expect(answers.slice(first).every(a => a.version === v2.versionId)).toBe(
      true,
    );
    expect(switchMs).toBeLessThan(SWITCH_BOUND_MS);

    const rolledBack = await api('/rollback', { method: 'POST' });
    expect([rolledBack.status, rolledBack.body.versionId]).toEqual([
      200,
      v1.versionId,
    ]);
    await waitFor(
      `Serve to roll back to ${v1.versionId}`,
      async () =>
        (await serve('/status')).body.version_id === v1.versionId || undefined,
      SWITCH_BOUND_MS,
      250,
    );
    const { body } = await api('/versions');
    expect(
      body.promoted.history.map((h: { action: string }) => h.action),
    ).toEqual(['promote', 'promote', 'rollback']);
  });
});
