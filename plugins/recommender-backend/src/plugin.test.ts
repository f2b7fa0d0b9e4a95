import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type FixtureTable,
  InMemoryObjectStore,
  mockIcebergRestCatalog,
  passthroughTestBackend,
  withTestAwsCredentials,
} from '@internal/plugin-lakehouse-node/testUtils';
import {
  modelVersionsResponseSchema,
  promotionStateSchema,
  recommenderModelPromotePermission,
  recommenderModelReadPermission,
} from '@internal/plugin-recommender-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  failedRow,
  modelJson,
  modelVersionsTable,
  PROMOTED,
  putArtifacts,
  versionKey,
  versionRow,
} from './__testUtils__/recommenderData';
import { recommenderPlugin } from './plugin';

/**
 * The plugin as the backend runs it, with msw playing the Iceberg REST catalog (Nessie's
 * `main|warehouse` prefix) and S3 (path style, ETags, conditional writes): the versions table is
 * a real Iceberg table (Avro manifests, Parquet files) served from memory, and promoted.json is
 * whatever the plugin wrote there.
 */
const CATALOG = 'http://nessie.test:19120/iceberg';
const S3 = 'http://s3.test:8333';
const SERVING = 'component:default/recommendation-service';

const server = setupServer(passthroughTestBackend());
registerMswTestHooks(server);

const RECOMMENDER = {
  catalogUri: CATALOG,
  objectStore: { endpoint: S3 },
  // Requests refresh the table when it is older than this; the scheduler is a mock here.
  refreshInterval: { milliseconds: 1 },
  timeout: { seconds: 2 },
};

const auditor = mockServices.auditor.mock();
const auditEvent = { success: jest.fn(), fail: jest.fn() };
const permissions = mockServices.permissions.mock();
const scheduler = mockServices.scheduler.mock();
/** What the policy answers, per permission name. */
let decisions: Record<string, AuthorizeResult.ALLOW | AuthorizeResult.DENY>;

withTestAwsCredentials();

let table: FixtureTable;
let tables: Map<string, FixtureTable>;
let s3: InMemoryObjectStore;
let catalogState: { down?: boolean };

beforeEach(() => {
  jest.clearAllMocks();
  decisions = {
    [recommenderModelReadPermission.name]: AuthorizeResult.ALLOW,
    [recommenderModelPromotePermission.name]: AuthorizeResult.ALLOW,
  };
  permissions.authorize.mockImplementation(async requests =>
    requests.map(r => ({ result: decisions[r.permission.name] })),
  );
  auditor.createEvent.mockResolvedValue(auditEvent as any);
  table = modelVersionsTable();
  tables = new Map([['recsys.model_versions', table]]);
  s3 = new InMemoryObjectStore({ endpoint: S3, sources: [table] });
  catalogState = {};
  server.use(
    ...mockIcebergRestCatalog({
      baseUrl: CATALOG,
      tables,
      state: catalogState,
    }),
    ...s3.handlers(),
  );
});

async function start(recommender: object | null = RECOMMENDER) {
  const { server: app } = await startTestBackend({
    features: [
      recommenderPlugin,
      auditor.factory,
      permissions.factory,
      scheduler.factory,
      mockServices.rootConfig.factory({
        data: recommender ? { recommender } : {},
      }),
    ],
  });
  return app;
}

const ADA = mockCredentials.user.header('user:default/ada');

/** Three runs: v1 and v3 ready with their artifacts, v2 failed. */
async function threeRuns() {
  await table.append([versionRow('rec-v1', 0)]);
  await table.append([failedRow('rec-v2', 1)]);
  await table.append([versionRow('rec-v3', 2)]);
  putArtifacts(s3, 'rec-v1');
  putArtifacts(s3, 'rec-v3');
}

const promote = (app: any, body: unknown, auth = ADA) =>
  request(app)
    .post('/api/recommender/promote')
    .set('Authorization', auth)
    .send(body as object);
const rollback = (app: any, auth = ADA) =>
  request(app).post('/api/recommender/rollback').set('Authorization', auth);
const versions = (app: any) =>
  request(app).get('/api/recommender/versions').set('Authorization', ADA);
const writes = () => s3.requests.filter(r => r.startsWith('PUT '));

describe('recommender backend', () => {
  it('without configuration: every route but /health says it is not configured', async () => {
    const app = await start(null);
    const health = await request(app).get('/api/recommender/health');
    expect(health.status).toBe(200);
    for (const res of [
      await versions(app),
      await promote(app, { versionId: 'rec-v1' }),
      await rollback(app),
    ]) {
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(
        /The recommender is not configured: set recommender.catalogUri/,
      );
    }
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
    expect(s3.requests).toEqual([]);
  });

  it('refuses a malformed setting at startup', async () => {
    await expect(
      start({ ...RECOMMENDER, table: 'model_versions' }),
    ).rejects.toThrow(/Invalid recommender.table 'model_versions'/);
    await expect(start({ ...RECOMMENDER, prefix: 'a/../b' })).rejects.toThrow(
      /Invalid recommender.prefix/,
    );
    await expect(
      start({ ...RECOMMENDER, servingEntity: 'component:a:b:c' }),
    ).rejects.toThrow(/Invalid recommender.servingEntity/);
  });

  it('refreshes the table on a schedule, per replica', async () => {
    await start();
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'recommender-versions-refresh',
        frequency: { milliseconds: 1 },
        scope: 'local',
      }),
    );
  });

  describe('GET /versions', () => {
    it('answers no versions and no promotion before any training ran (no table)', async () => {
      tables.clear();
      const res = await versions(await start());
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        table: 'recsys.model_versions',
        versions: [],
        promoted: null,
        servingEntity: SERVING,
      });
    });

    it('answers the runs newest first, within the contract', async () => {
      await threeRuns();
      const res = await versions(await start());
      expect(res.status).toBe(200);
      const body = modelVersionsResponseSchema.parse(res.body);
      expect(body.versions.map(v => [v.versionId, v.status])).toEqual([
        ['rec-v3', 'ready'],
        ['rec-v2', 'failed'],
        ['rec-v1', 'ready'],
      ]);
      expect(body.promoted).toBeNull();
      expect(body.stale).toBeUndefined();
    });

    it('needs the read permission', async () => {
      decisions[recommenderModelReadPermission.name] = AuthorizeResult.DENY;
      const res = await versions(await start());
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Missing permission recommender.model.read',
      );
      expect(s3.requests).toEqual([]);
    });

    it('reports a malformed promoted.json beside the versions instead of failing', async () => {
      await threeRuns();
      s3.put(PROMOTED, '{"version_id": ');
      const res = await versions(await start());
      expect(res.status).toBe(200);
      expect(res.body.versions).toHaveLength(3);
      expect(res.body.promoted).toBeNull();
      expect(res.body.promotedError).toMatch(
        /^s3:\/\/warehouse\/models\/recommender\/promoted.json is unreadable: it is not JSON/,
      );
      modelVersionsResponseSchema.parse(res.body);

      s3.put(PROMOTED, { version_id: 'rec-v1' });
      const notOne = await versions(await start());
      expect(notOne.body.promotedError).toMatch(
        /is unreadable: it is not a promotion: artifact_prefix/,
      );
    });

    it('says why the promotion cannot be read while the object store fails on it', async () => {
      await threeRuns();
      server.use(
        http.get(
          `${S3}/warehouse/models/recommender/promoted.json`,
          () =>
            new HttpResponse(
              '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
              { status: 503, headers: { 'content-type': 'application/xml' } },
            ),
        ),
      );
      const app = await start();
      const res = await versions(app);
      expect(res.status).toBe(200);
      expect(res.body.versions).toHaveLength(3);
      expect(res.body.promotedError).toMatch(
        /^Could not read s3:\/\/warehouse\/models\/recommender\/promoted.json: /,
      );
      // A promotion meanwhile is refused as unavailable, not as a conflict, and writes nothing.
      const promoted = await promote(app, { versionId: 'rec-v3' });
      expect(promoted.status).toBe(503);
      expect(promoted.body.error.message).toMatch(
        /Could not read .*promoted.json: .*Nothing was changed: try again/,
      );
      expect(writes()).toEqual([]);
    });

    it('says the versions are stale when the catalog is down', async () => {
      catalogState.down = true;
      const res = await versions(await start());
      expect(res.status).toBe(200);
      expect(res.body.versions).toEqual([]);
      expect(res.body.stale).toEqual({
        error: expect.stringMatching(
          /^Reading recsys.model_versions failed: .*catalog unavailable/,
        ),
        since: expect.any(String),
      });
      modelVersionsResponseSchema.parse(res.body);
    });
  });

  describe('POST /promote', () => {
    it('writes promoted.json for the serving app, audited, decided on the serving entity', async () => {
      await threeRuns();
      const app = await start();
      const res = await promote(app, { versionId: 'rec-v3' });
      expect(res.status).toBe(200);
      const state = promotionStateSchema.parse(res.body);
      expect(state).toMatchObject({
        versionId: 'rec-v3',
        artifactPrefix: 'models/recommender/versions/rec-v3/',
        promotedBy: 'user:default/ada',
        history: [
          {
            versionId: 'rec-v3',
            promotedBy: 'user:default/ada',
            action: 'promote',
          },
        ],
      });
      expect(JSON.parse(s3.text(PROMOTED)!)).toEqual({
        version_id: 'rec-v3',
        artifact_prefix: 'models/recommender/versions/rec-v3/',
        promoted_at: state.promotedAt,
        promoted_by: 'user:default/ada',
        history: [
          {
            version_id: 'rec-v3',
            promoted_at: state.promotedAt,
            promoted_by: 'user:default/ada',
            action: 'promote',
          },
        ],
      });
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: recommenderModelPromotePermission,
            resourceRef: SERVING,
          },
        ],
        expect.anything(),
      );
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'model-promote',
          meta: { versionId: 'rec-v3', servingEntity: SERVING },
        }),
      );
      expect(auditEvent.success).toHaveBeenCalledWith({
        meta: {
          versionId: 'rec-v3',
          previousVersionId: null,
          action: 'promote',
        },
      });
      // The promotion shows in the versions answer.
      const listed = await versions(app);
      expect(listed.body.promoted).toEqual(state);
    });

    it('refuses without the promote permission, audits the denial and writes nothing', async () => {
      await threeRuns();
      decisions[recommenderModelPromotePermission.name] = AuthorizeResult.DENY;
      const res = await promote(await start(), { versionId: 'rec-v3' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Missing permission recommender.model.promote',
      );
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({ eventId: 'model-promote' }),
      );
      expect(auditEvent.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({
          name: 'NotAllowedError',
          message: 'Missing permission recommender.model.promote',
        }),
      });
      expect(auditEvent.success).not.toHaveBeenCalled();
      expect(s3.requests).toEqual([]);
    });

    it('refuses a service acting on its own (the permissions client would let it through), audited', async () => {
      await threeRuns();
      const app = await start();
      const res = await promote(
        app,
        { versionId: 'rec-v3' },
        mockCredentials.service.header(),
      );
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Only users may promote or roll back model versions',
      );
      expect(auditEvent.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      });
      expect(
        (await rollback(app, mockCredentials.service.header())).status,
      ).toBe(403);
      expect(writes()).toEqual([]);
    });

    it('finds a version trained after the last read of the table', async () => {
      await threeRuns();
      const app = await start();
      await versions(app);
      await table.append([versionRow('rec-v4', 3)]);
      putArtifacts(s3, 'rec-v4');
      const res = await promote(app, { versionId: 'rec-v4' });
      expect(res.status).toBe(200);
      expect(JSON.parse(s3.text(PROMOTED)!).version_id).toBe('rec-v4');
    });

    interface Case {
      what: string;
      body: () => unknown;
      status: number;
      message: RegExp;
      arrange?: () => void | Promise<void>;
    }
    const cases: Case[] = [
      {
        what: 'no version',
        body: () => ({}),
        status: 400,
        message: /Invalid promotion: versionId/,
      },
      {
        what: 'a path for a version',
        body: () => ({ versionId: '../promoted' }),
        status: 400,
        message: /Invalid promotion: versionId: must be 1 to 128 letters/,
      },
      {
        what: 'an unknown field',
        body: () => ({ versionId: 'rec-v1', force: true }),
        status: 400,
        message: /Invalid promotion/,
      },
      {
        what: 'a body that is not an object',
        body: () => '"rec-v1"',
        status: 400,
        message: /./,
      },
      {
        what: 'an unknown version',
        body: () => ({ versionId: 'rec-v9' }),
        status: 404,
        message: /No model version rec-v9 in recsys.model_versions/,
      },
      {
        what: 'a failed run',
        body: () => ({ versionId: 'rec-v2' }),
        status: 409,
        message:
          /Version rec-v2 is failed \(JSONDecodeError.*\): only ready versions can be promoted/,
      },
      {
        what: 'a version without model.json',
        body: () => ({ versionId: 'rec-v3' }),
        status: 409,
        message:
          /rec-v3 cannot be promoted: s3:\/\/warehouse\/models\/recommender\/versions\/rec-v3\/model.json does not exist/,
        arrange: () => {
          s3.objects.delete(versionKey('rec-v3', 'model.json'));
        },
      },
      {
        what: 'a model.json that is not JSON',
        body: () => ({ versionId: 'rec-v3' }),
        status: 409,
        message: /its model.json is not JSON/,
        arrange: () =>
          s3.put(versionKey('rec-v3', 'model.json'), '{"format": "lake'),
      },
      {
        what: 'a model.json without its ids',
        body: () => ({ versionId: 'rec-v3' }),
        status: 409,
        message: /its model.json is malformed: user_ids/,
        arrange: () =>
          s3.put(
            versionKey('rec-v3', 'model.json'),
            modelJson('rec-v3', { user_ids: undefined }),
          ),
      },
      {
        what: "another version's model.json",
        body: () => ({ versionId: 'rec-v3' }),
        status: 409,
        message: /its model.json is of version "rec-v1", not rec-v3/,
        arrange: () =>
          s3.put(versionKey('rec-v3', 'model.json'), modelJson('rec-v1')),
      },
      {
        what: 'a model.json of another format',
        body: () => ({ versionId: 'rec-v3' }),
        status: 409,
        message:
          /its model.json has format "lakehouse-recommender\/2", not lakehouse-recommender\/1/,
        arrange: () =>
          s3.put(
            versionKey('rec-v3', 'model.json'),
            modelJson('rec-v3', { format: 'lakehouse-recommender/2' }),
          ),
      },
      {
        what: 'a version without model.npz',
        body: () => ({ versionId: 'rec-v3' }),
        status: 409,
        message: /model.npz does not exist/,
        arrange: () => {
          s3.objects.delete(versionKey('rec-v3', 'model.npz'));
        },
      },
      {
        what: 'a version whose artifact is elsewhere',
        body: () => ({ versionId: 'rec-v5' }),
        status: 409,
        message:
          /rec-v5's artifact is at s3:\/\/other\/models\/rec-v5\/, not at s3:\/\/warehouse\/models\/recommender\/versions\/rec-v5\/ where the serving app loads models/,
        arrange: async () => {
          await table.append([
            versionRow('rec-v5', 5, {
              artifact_uri: 's3://other/models/rec-v5/',
            }),
          ]);
          putArtifacts(s3, 'rec-v5');
        },
      },
      {
        what: 'the version already promoted',
        body: () => ({ versionId: 'rec-v1' }),
        status: 409,
        message: /Version rec-v1 is already promoted/,
      },
    ];

    it.each(cases)(
      'refuses $what, audits it and leaves promoted.json as it was',
      async ({ body, status, message, arrange }) => {
        await threeRuns();
        await arrange?.();
        const app = await start();
        // rec-v1 is promoted already.
        expect((await promote(app, { versionId: 'rec-v1' })).status).toBe(200);
        const before = s3.text(PROMOTED);
        jest.clearAllMocks();
        auditor.createEvent.mockResolvedValue(auditEvent as any);

        const raw = body();
        const res =
          typeof raw === 'string'
            ? await request(app)
                .post('/api/recommender/promote')
                .set('Authorization', ADA)
                .set('Content-Type', 'application/json')
                .send(raw)
            : await promote(app, raw);
        expect({
          status: res.status,
          message: res.body.error?.message,
        }).toEqual({ status, message: expect.stringMatching(message) });
        expect(s3.text(PROMOTED)).toBe(before);
        expect(writes()).toHaveLength(1); // the first promotion's only
        // A body that is not a JSON object is refused by the body parser, before the audit.
        const audited = typeof raw !== 'string';
        expect(auditEvent.fail).toHaveBeenCalledTimes(audited ? 1 : 0);
        expect(auditEvent.success).not.toHaveBeenCalled();
      },
    );

    it('refuses to overwrite a malformed promoted.json (its history would be lost)', async () => {
      await threeRuns();
      s3.put(PROMOTED, 'not json');
      const res = await promote(await start(), { versionId: 'rec-v3' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /promoted.json is unreadable: it is not JSON .*Nothing was changed: repair or remove it first/,
      );
      expect(s3.text(PROMOTED)).toBe('not json');
      expect(writes()).toEqual([]);
    });

    it('refuses when promoted.json changed meanwhile (another replica promoting)', async () => {
      await threeRuns();
      const app = await start();
      expect((await promote(app, { versionId: 'rec-v1' })).status).toBe(200);
      // Another replica writes between this one's read and its write.
      const elsewhere = JSON.stringify({
        ...JSON.parse(s3.text(PROMOTED)!),
        promoted_by: 'user:default/bob',
      });
      server.use(
        http.put(
          `${S3}/warehouse/models/recommender/promoted.json`,
          () => {
            s3.put(PROMOTED, elsewhere);
            // On to the store, which checks the write's If-Match against what is there now.
            return undefined;
          },
          { once: true },
        ),
      );
      const res = await promote(app, { versionId: 'rec-v3' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /promoted.json was changed by someone else meanwhile: nothing was written; reload and try again/,
      );
      expect(s3.text(PROMOTED)).toBe(elsewhere);
    });
  });

  describe('POST /rollback', () => {
    it('goes back through earlier promotions, audited, until there is none', async () => {
      await threeRuns();
      await table.append([versionRow('rec-v4', 3)]);
      putArtifacts(s3, 'rec-v4');
      const app = await start();
      for (const v of ['rec-v1', 'rec-v3', 'rec-v4']) {
        expect((await promote(app, { versionId: v })).status).toBe(200);
      }
      jest.clearAllMocks();
      auditor.createEvent.mockResolvedValue(auditEvent as any);

      const back = await rollback(app);
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({
        versionId: 'rec-v3',
        artifactPrefix: 'models/recommender/versions/rec-v3/',
      });
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'model-rollback',
          meta: { servingEntity: SERVING },
        }),
      );
      expect(auditEvent.success).toHaveBeenCalledWith({
        meta: {
          versionId: 'rec-v3',
          previousVersionId: 'rec-v4',
          action: 'rollback',
        },
      });
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: recommenderModelPromotePermission,
            resourceRef: SERVING,
          },
        ],
        expect.anything(),
      );

      expect((await rollback(app)).body.versionId).toBe('rec-v1');
      const file = JSON.parse(s3.text(PROMOTED)!);
      expect(file.version_id).toBe('rec-v1');
      expect(
        file.history.map((h: any) => `${h.action} ${h.version_id}`),
      ).toEqual([
        'promote rec-v1',
        'promote rec-v3',
        'promote rec-v4',
        'rollback rec-v3',
        'rollback rec-v1',
      ]);

      const none = await rollback(app);
      expect(none.status).toBe(409);
      expect(none.body.error.message).toBe(
        'Version rec-v1 is the only promotion on record: there is no earlier version to roll back to',
      );
      expect(JSON.parse(s3.text(PROMOTED)!)).toEqual(file);
    });

    it('refuses with nothing promoted, without the permission, or with a body', async () => {
      await threeRuns();
      const app = await start();
      const nothing = await rollback(app);
      expect(nothing.status).toBe(409);
      expect(nothing.body.error.message).toBe(
        'Nothing is promoted yet: there is nothing to roll back',
      );

      expect((await promote(app, { versionId: 'rec-v1' })).status).toBe(200);
      expect((await promote(app, { versionId: 'rec-v3' })).status).toBe(200);
      const before = s3.text(PROMOTED);
      const withBody = await request(app)
        .post('/api/recommender/rollback')
        .set('Authorization', ADA)
        .send({ versionId: 'rec-v1' });
      expect(withBody.status).toBe(400);

      decisions[recommenderModelPromotePermission.name] = AuthorizeResult.DENY;
      jest.clearAllMocks();
      auditor.createEvent.mockResolvedValue(auditEvent as any);
      const denied = await rollback(app);
      expect(denied.status).toBe(403);
      expect(auditEvent.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      });
      expect(s3.text(PROMOTED)).toBe(before);
    });

    it('refuses to roll back to a version that can no longer be loaded', async () => {
      await threeRuns();
      const app = await start();
      await promote(app, { versionId: 'rec-v1' });
      await promote(app, { versionId: 'rec-v3' });
      const before = s3.text(PROMOTED);
      s3.objects.delete(versionKey('rec-v1', 'model.npz'));
      const res = await rollback(app);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /rec-v1 cannot be promoted: .*model.npz does not exist/,
      );
      expect(s3.text(PROMOTED)).toBe(before);
    });

    it('refuses with a malformed promoted.json', async () => {
      await threeRuns();
      s3.put(PROMOTED, '{}');
      const res = await rollback(await start());
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/promoted.json is unreadable/);
      expect(s3.text(PROMOTED)).toBe('{}');
    });
  });
});
