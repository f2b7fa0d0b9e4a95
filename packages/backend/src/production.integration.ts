import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, repoRoot } from './testing/backend';
import {
  harnessKube,
  portalServiceAccountToken,
  type HarnessKube,
} from './testing/harnessKube';
import {
  buildBackend,
  layOutApp,
  startProduction,
  waitReady,
  type ProductionProcess,
} from './testing/productionBuild';
import {
  findObject,
  portalSecretKeys,
  renderPortal,
  type RenderedPortal,
} from './testing/renderedStack';
import { startTestPostgres, type TestPostgres } from './testing/postgres';
import { startTestRedis, type TestRedis } from './testing/redis';

jest.setTimeout(600_000);

/** The local platform's endpoints and S3 credentials, as `lp env` prints them for every integration test. */
function localPlatformEnv(): Record<string, string> {
  const out = execFileSync(path.join(repoRoot, 'local-platform/lp'), ['env'], {
    encoding: 'utf8',
  });
  return Object.fromEntries(
    [...out.matchAll(/^export (\w+)='(.*)'$/gm)].map(m => [m[1], m[2]]),
  );
}

/**
 * The production build (`backstage-cli package build`, run with plain node as the image runs it) with the
 * config stack of the rendered k8s/overlays/production: the Deployment's command and args, ConfigMap
 * portal-env as env, ConfigMap portal-app-config as the mounted file, a value for every key of Secret
 * portal-secrets. Against a real PostgreSQL, the harness's kube-apiserver and the local engines.
 */
describe('the production build with the deployed config stack', () => {
  let appDir: string;
  let portal: RenderedPortal;
  let pg: TestPostgres;
  let redis: TestRedis;
  let kube: HarnessKube;
  let saToken: string;
  let testConfig: string;
  let env: Record<string, string>;
  let backend: ProductionProcess;
  let baseUrl: string;
  const token = `static-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    const { seconds } = await buildBackend();
    process.stdout.write(`backstage-cli package build: ${seconds} s\n`);
    appDir = layOutApp();
    portal = renderPortal('production', appDir);
    pg = await startTestPostgres(await freePort());
    redis = await startTestRedis(await freePort(), {
      password: `cache-${Math.random().toString(36).slice(2)}`,
    });
    kube = harnessKube();
    // The pod reads its ServiceAccount's token file. Here the same identity comes from the TokenRequest
    // API, after applying the rendered ServiceAccount, Role and RoleBinding (and their namespace): the
    // custom-resource reads below then prove the deployed Role suffices, not the harness's admin token.
    // Applying is idempotent, so this stays independent of other tests applying the same manifests.
    const ns = findObject(portal.objects, 'ServiceAccount', 'portal').metadata
      .namespace!;
    saToken = await portalServiceAccountToken(kube, [
      findObject(portal.objects, 'Namespace', ns),
      findObject(portal.objects, 'ServiceAccount', 'portal'),
      findObject(portal.objects, 'Role', 'portal'),
      findObject(portal.objects, 'RoleBinding', 'portal'),
    ]);

    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    testConfig = writeTestConfig(port);
    env = deployedEnvForThisMachine(port);
    backend = startProduction({
      appDir,
      command: portal.command,
      args: [...portal.args, '--config', testConfig],
      env,
    });
    await waitReady(backend, baseUrl, 180_000);
  });

  afterAll(async () => {
    await backend?.stop();
    await pg?.stop();
    await redis?.stop();
    portal?.cleanup();
    if (appDir) fs.rmSync(appDir, { recursive: true, force: true });
  });

  /**
   * The one extra layer, only for what a test machine cannot take from the deployed stack: the loopback
   * listen address on a free port, and the cluster's token and CA, which the pod reads from its
   * ServiceAccount mount. The cluster entry is the deployed one (arrays replace, so it is copied from the
   * rendered ConfigMap, url still ${K8S_API_URL}) with only those two fields changed.
   */
  function writeTestConfig(port: number): string {
    const deployed = portal.mountedConfigs['app-config.k8s.yaml'].kubernetes;
    const clusterLocatorMethods = deployed.clusterLocatorMethods.map(
      (m: { clusters?: object[] }) => ({
        ...m,
        clusters: m.clusters?.map(c => ({
          ...c,
          caFile: kube.caFile,
          serviceAccountToken: saToken,
        })),
      }),
    );
    const file = path.join(portal.configDir, 'app-config.test.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        backend: { listen: { host: '127.0.0.1', port } },
        kubernetes: { clusterLocatorMethods },
      }),
    );
    return file;
  }

  /**
   * portal-env as rendered, overridden only where this machine differs: every override must name a key
   * the ConfigMap has, so a renamed variable fails here instead of falling back to a default.
   */
  function deployedEnvForThisMachine(port: number): Record<string, string> {
    const lp = localPlatformEnv();
    const overrides: Record<string, string> = {
      PORTAL_BASE_URL: `http://127.0.0.1:${port}`,
      POSTGRES_HOST: pg.host,
      POSTGRES_PORT: String(pg.port),
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(redis.port),
      K8S_API_URL: kube.server,
      // In the cluster the RayService has a Ray cluster of its own; here Serve runs on the one local Ray.
      RECOMMENDER_SERVE_DASHBOARD_URL: lp.RAY_DASHBOARD_URL,
    };
    // The local platform's variables carry the same names as portal-env's.
    for (const key of Object.keys(portal.env)) {
      if (lp[key] !== undefined) overrides[key] = lp[key];
    }
    // In the pod an init container copies the cluster's runner jar; here the local Flink's is used.
    const flinkOpt = path.join(lp.LP_FLINK_HOME, 'opt');
    overrides.FLINK_PYTHON_RUNNER_JAR = path.join(
      flinkOpt,
      fs.readdirSync(flinkOpt).find(f => /^flink-python-.*\.jar$/.test(f))!,
    );
    const unknown = Object.keys(overrides).filter(k => !(k in portal.env));
    if (unknown.length) throw new Error(`not in portal-env: ${unknown}`);
    const secrets: Record<string, string> = {
      POSTGRES_USER: pg.user,
      POSTGRES_PASSWORD: pg.password,
      PORTAL_API_TOKEN: token,
      AUTH_GITHUB_CLIENT_ID: 'test-client-id',
      AUTH_GITHUB_CLIENT_SECRET: 'test-client-secret',
      REDIS_PASSWORD: redis.password!,
      // The local S3 server only knows its own user.
      AWS_ACCESS_KEY_ID: lp.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: lp.AWS_SECRET_ACCESS_KEY,
    };
    expect(Object.keys(secrets).sort()).toEqual(portalSecretKeys().sort());
    return { ...portal.env, ...overrides, ...portal.containerEnv, ...secrets };
  }

  const authed = (url: string) =>
    fetch(`${baseUrl}${url}`, {
      headers: { Authorization: `Bearer ${token}` },
    });

  it('runs the bundle with plain node and the deployed config files', () => {
    expect(backend.child.spawnargs.slice(1)).toEqual([
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
      '--config',
      path.join(portal.configDir, 'app-config.k8s.yaml'),
      '--config',
      testConfig,
    ]);
    expect(env.NODE_ENV).toBe('production');
    expect(
      fs.realpathSync(
        path.join(appDir, 'node_modules/@internal/plugin-lakehouse-backend'),
      ),
    ).toBe(path.join(fs.realpathSync(appDir), 'plugins/lakehouse-backend'));
  });

  it('polls the engines of the production config keys, and the cluster', async () => {
    type Item = {
      engine: string;
      instance: string;
      error?: unknown;
      fetchedAt?: string;
    };
    const wanted = ['spark', 'flink', 'ray'].flatMap(e => [
      `${e}/local`,
      `${e}/platform`,
    ]);
    let items: Item[] = [];
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const res = await authed('/api/lakehouse/engines');
      expect(res.status).toBe(200);
      items = ((await res.json()) as { items: Item[] }).items;
      if (
        items.length === wanted.length &&
        items.every(i => i.fetchedAt && !i.error)
      )
        break;
      await new Promise(r => setTimeout(r, 1000));
    }
    expect(items.map(i => `${i.engine}/${i.instance}`).sort()).toEqual(
      wanted.sort(),
    );
    expect(items.filter(i => i.error || !i.fetchedAt)).toEqual([]);
    // The snapshots are in the shared cache, where another replica reads them.
    const keys = execFileSync(
      '/usr/bin/redis-cli',
      [
        '-p',
        String(redis.port),
        '-a',
        redis.password!,
        '--no-auth-warning',
        'DBSIZE',
      ],
      { encoding: 'utf8' },
    );
    expect(Number(keys.trim())).toBeGreaterThan(0);
  });

  it('refuses requests without credentials and guests', async () => {
    const anonymous = await fetch(`${baseUrl}/api/catalog/entities`);
    expect(anonymous.status).toBe(401);
    const guest = await fetch(
      `${baseUrl}/api/auth/guest/refresh?env=production`,
      {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      },
    );
    expect(guest.ok).toBe(false);
  });

  it('lets the automation token read, and nothing more (its access restrictions)', async () => {
    const post = (url: string, body: object) =>
      fetch(`${baseUrl}${url}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    expect((await authed('/api/lakehouse/engines')).status).toBe(200);
    expect(
      (
        await post('/api/lakehouse/jobs/ray/local', {
          name: 'automation',
          entrypoint: 'main.py',
          dryRun: true,
          project: { zipBase64: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await post('/api/catalog/locations', {
          type: 'url',
          target: 'https://example.com/catalog-info.yaml',
        })
      ).status,
    ).toBe(403);
    const proxy = await fetch(
      `${baseUrl}/api/kubernetes/proxy/api/v1/namespaces/ecommerce-platform/pods`,
      {
        headers: {
          Authorization: `Bearer ${token}`,
          'Backstage-Kubernetes-Cluster': 'platform',
        },
      },
    );
    expect([401, 403]).toContain(proxy.status);
  });

  it('stores the catalog in PostgreSQL and serves the platform entities', async () => {
    const wanted = ['spark', 'flink', 'ray', 'minio', 'nessie'];
    let names: string[] = [];
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const res = await authed(
        '/api/catalog/entities/by-query?filter=kind=component&limit=500',
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        items: { metadata: { name: string } }[];
      };
      const current = body.items.map(e => e.metadata.name);
      names = current;
      if (wanted.every(n => current.includes(n))) break;
      await new Promise(r => setTimeout(r, 1000));
    }
    expect(names).toEqual(expect.arrayContaining(wanted));

    // The rows really are in PostgreSQL, in the catalog plugin's own database.
    const client = new Client({
      host: pg.host,
      port: pg.port,
      user: pg.user,
      password: pg.password,
      database: 'backstage_plugin_catalog',
    });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT count(*)::int AS n FROM final_entities WHERE final_entity LIKE \'%"kind":"Component"%\'',
      );
      expect(rows[0].n).toBeGreaterThanOrEqual(wanted.length);
    } finally {
      await client.end();
    }
  });

  it('stops, naming the config key, when a required variable is unset', async () => {
    await backend.stop(); // one backend at a time on the database
    const { SPARK_MASTER_URL: _, ...withoutSpark } = env;
    const broken = startProduction({
      appDir,
      command: portal.command,
      args: [...portal.args, '--config', testConfig],
      env: withoutSpark,
    });
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<'still running'>(r => {
      timer = setTimeout(() => r('still running'), 60_000);
    });
    try {
      const outcome = await Promise.race([broken.exited, limit]);
      // A pod that only logs its boot failure would sit "Running", never ready, never restarted.
      expect({
        outcome,
        log: broken.logs().includes('Backend startup failed'),
      }).toEqual({ outcome: 1, log: true });
      expect(broken.logs()).toContain(
        "Missing required config value at 'lakehouse.engines.spark[0].url'",
      );
    } finally {
      clearTimeout(timer);
      await broken.stop();
    }
  });
});
