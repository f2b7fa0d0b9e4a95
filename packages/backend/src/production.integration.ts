import { Client } from 'pg';
import path from 'node:path';
import { freePort, repoRoot, startBackend, type RunningBackend } from './testing/backend';
import { startTestPostgres, type TestPostgres } from './testing/postgres';

jest.setTimeout(240_000);

/**
 * The production settings (app-config.production.yaml) against a real PostgreSQL:
 * the backend starts, migrates, and the catalog ingests catalog-info.yaml.
 */
describe('backend with the production database settings', () => {
  let pg: TestPostgres;
  let backend: RunningBackend;
  const token = `static-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    pg = await startTestPostgres(await freePort());
    const port = await freePort();
    backend = await startBackend({
      port,
      configs: [
        path.join(repoRoot, 'app-config.yaml'),
        path.join(repoRoot, 'app-config.production.yaml'),
      ],
      env: {
        PORTAL_BASE_URL: `http://127.0.0.1:${port}`,
        POSTGRES_HOST: pg.host,
        POSTGRES_PORT: String(pg.port),
        POSTGRES_USER: pg.user,
        POSTGRES_PASSWORD: pg.password,
        PORTAL_API_TOKEN: token,
        AUTH_GITHUB_CLIENT_ID: 'test-client-id',
        AUTH_GITHUB_CLIENT_SECRET: 'test-client-secret',
        // Not contacted: no entity page is opened in this test.
        K8S_API_URL: 'https://127.0.0.1:1',
      },
      // Only what a test machine must differ in: loopback, and the repository's own catalog file.
      extraConfig: {
        backend: { listen: { host: '127.0.0.1', port } },
        catalog: {
          locations: [
            { type: 'file', target: path.join(repoRoot, 'catalog-info.yaml') },
          ],
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await pg?.stop();
  });

  it('refuses requests without credentials and guests', async () => {
    const anonymous = await fetch(`${backend.baseUrl}/api/catalog/entities`);
    expect(anonymous.status).toBe(401);
    const guest = await fetch(
      `${backend.baseUrl}/api/auth/guest/refresh?env=production`,
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    );
    expect(guest.ok).toBe(false);
  });

  it('stores the catalog in PostgreSQL and serves the platform entities', async () => {
    const wanted = ['spark', 'flink', 'ray', 'minio', 'nessie'];
    let names: string[] = [];
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const res = await fetch(
        `${backend.baseUrl}/api/catalog/entities/by-query?filter=kind=component&limit=500`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { metadata: { name: string } }[] };
      names = body.items.map(e => e.metadata.name);
      if (wanted.every(n => names.includes(n))) break;
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
        "SELECT count(*)::int AS n FROM final_entities WHERE final_entity LIKE '%\"kind\":\"Component\"%'",
      );
      expect(rows[0].n).toBeGreaterThanOrEqual(wanted.length);
    } finally {
      await client.end();
    }
  });
});
