import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { OPENLINEAGE_EVENTS_PATH } from '@internal/plugin-lakehouse-backend';
import { repoRoot } from './testing/backend';
import { loopbackUrls, variablesOf, withStack } from './testing/loadStack';
import {
  findObject,
  portalSecretKeys,
  renderPortal,
  type RenderedPortal,
} from './testing/renderedStack';

/**
 * The config stack k8s/overlays/production deploys, exactly as the rendered Deployment layers it,
 * with the rendered ConfigMap `portal-env` and a value for every key of Secret `portal-secrets`.
 */
describe('the production config stack', () => {
  let portal: RenderedPortal;
  let deployedEnv: Record<string, string>;

  beforeAll(() => {
    portal = renderPortal('production', repoRoot);
    deployedEnv = {
      ...portal.env,
      ...portal.containerEnv,
      ...Object.fromEntries(portalSecretKeys().map(k => [k, `secret-${k}`])),
    };
  });
  afterAll(() => portal?.cleanup());

  it('is the three files of the Deployment', () => {
    expect(portal.command).toEqual(['node', 'packages/backend']);
    expect(portal.configFiles).toEqual([
      path.join(repoRoot, 'app-config.yaml'),
      path.join(repoRoot, 'app-config.production.yaml'),
      path.join(portal.configDir, 'app-config.k8s.yaml'),
    ]);
    expect(portal.containerEnv.NODE_ENV).toBe('production');
  });

  it('reads only variables that portal-env or portal-secrets set', () => {
    const secrets = portalSecretKeys();
    expect(secrets).toEqual(
      expect.arrayContaining(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']),
    );
    const unset = [...variablesOf(portal.configFiles)]
      .filter(([name]) => !portal.env[name]?.trim() && !secrets.includes(name))
      .map(([name, keys]) => `${name} (${keys.join(', ')})`);
    expect(unset).toEqual([]);
  });

  it('leaves no loopback URL in effect', async () => {
    const found = await withStack(portal.configFiles, deployedEnv, config =>
      loopbackUrls(config.get()),
    );
    expect(found).toEqual([]);
  });

  it('names one Kubernetes cluster, the one the lakehouse plugin reads', async () => {
    await withStack(portal.configFiles, deployedEnv, config => {
      const clusters = config
        .getConfigArray('kubernetes.clusterLocatorMethods')
        .flatMap(m => m.getOptionalConfigArray('clusters') ?? [])
        .map(c => ({ name: c.getString('name'), url: c.getString('url') }));
      expect(clusters).toEqual([
        { name: 'platform', url: portal.env.K8S_API_URL },
      ]);
      const wanted = config
        .getConfigArray('lakehouse.kubernetes.clusters')
        .map(c => c.getString('name'));
      expect(wanted).toEqual(['platform']);
    });
  });

  it('gives every engine its in-cluster Service from portal-env', async () => {
    await withStack(portal.configFiles, deployedEnv, config => {
      const url = (engine: string) =>
        config
          .getConfigArray(`lakehouse.engines.${engine}`)
          .map(c => c.getString('url'));
      expect(url('spark')).toEqual([portal.env.SPARK_MASTER_URL]);
      expect(url('flink')).toEqual([portal.env.FLINK_REST_URL]);
      expect(url('ray')).toEqual([portal.env.RAY_DASHBOARD_URL]);
      expect(config.getString('lakehouse.staging.endpoint')).toBe(
        portal.env.S3_ENDPOINT,
      );
      expect(config.getString('fraud.catalogUri')).toBe(
        portal.env.ICEBERG_REST_URL,
      );
      expect(config.getString('lakehouse.tables.nessieUrl')).toBe(
        portal.env.NESSIE_URL,
      );
      expect(config.getString('lakehouse.tables.objectStore.endpoint')).toBe(
        portal.env.S3_ENDPOINT,
      );
    });
  });

  it("has submitted Spark runs report lineage to the portal's Service, not to the users' URL", async () => {
    const service = findObject(portal.objects, 'Service', 'portal');
    const { port } = service.spec.ports.find(
      (p: { name: string }) => p.name === 'http',
    );
    await withStack(portal.configFiles, deployedEnv, config => {
      expect(
        config
          .getConfigArray('lakehouse.engines.spark')
          .map(c => c.getOptionalBoolean('openLineage')),
      ).toEqual([true]);
      expect(config.getString('lakehouse.lineage.openLineage.url')).toBe(
        `http://${service.metadata.name}:${port}/api/lakehouse${OPENLINEAGE_EVENTS_PATH}`,
      );
    });
  });

  // Backstage drops a key whose ${VAR} is unset; in an array nothing is left underneath.
  it('stops, naming the key, when an engine URL is unset', async () => {
    const { SPARK_MASTER_URL: _, ...env } = deployedEnv;
    await withStack(portal.configFiles, env, config => {
      const [spark] = config.getConfigArray('lakehouse.engines.spark');
      expect(() => spark.getString('url')).toThrow(
        "Missing required config value at 'lakehouse.engines.spark[0].url'",
      );
    });
  });

  // A Secret is created by hand, so a key can be forgotten: none may bring back a local default.
  it.each(portalSecretKeys())(
    'leaves the keys of an unset %s empty, not defaulted',
    async name => {
      const keys = variablesOf(portal.configFiles).get(name) ?? [];
      const { [name]: _, ...env } = deployedEnv;
      await withStack(portal.configFiles, env, config => {
        for (const key of keys) {
          let value: unknown;
          try {
            value = config.getOptional(key);
          } catch {
            // a type clash with a lower layer also leaves no value to use
          }
          expect({ key, value }).toEqual({ key, value: undefined });
        }
      });
    },
  );

  it('keeps the app extensions of app-config.yaml, only the toolkit links differ', () => {
    const read = (file: string) =>
      parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')).app
        .extensions as Array<Record<string, any>>;
    const withoutTools = (list: Array<Record<string, any>>) =>
      list.map(e =>
        e['home-page-widget:home/toolkit'] ? { toolkit: true } : e,
      );
    expect(withoutTools(read('app-config.production.yaml'))).toEqual(
      withoutTools(read('app-config.yaml')),
    );
  });
});
