import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { fraudPlugin } from './plugin';

/** The routes without a catalog: what the page gets when nothing is configured or allowed. */
async function start(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  fraud?: object,
) {
  const { server } = await startTestBackend({
    features: [
      fraudPlugin,
      mockServices.rootConfig.factory({ data: fraud ? { fraud } : {} }),
      mockServices.permissions.factory({ result }),
    ],
  });
  return server;
}

describe('fraud backend', () => {
  it('says what to run when there is no alerts table, with no numbers', async () => {
    const res = await request(await start()).get('/api/fraud/summary');
    expect(res.status).toBe(200);
    expect(res.body.summary).toBeUndefined();
    expect(res.body.state).toBe('error');
    expect(res.body.message).toMatch(/not been read yet/);
  });

  it('needs the read permission', async () => {
    const res = await request(await start(AuthorizeResult.DENY)).get(
      '/api/fraud/summary',
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Missing permission fraud.dashboard.read',
    );
  });

  it.each([
    ['from=yesterday', /from: must be an ISO 8601 time/],
    [
      'from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z',
      /from must be before to/,
    ],
    ['limit=5', /limit/],
  ])('refuses ?%s', async (query, message) => {
    const res = await request(await start()).get(`/api/fraud/summary?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it.each([
    [
      { spikeAlertsPerMinute: 0, recipients: ['group:default/x'] },
      /spikeAlertsPerMinute 0: a whole number/,
    ],
    [{ spikeAlertsPerMinute: 5, recipients: [] }, /recipients is empty/],
    [
      { spikeAlertsPerMinute: 5, recipients: ['not a ref:'] },
      /fraud.notifications.recipients\[0\]/,
    ],
  ])(
    'refuses spike notification settings %j at startup',
    async (notifications, message) => {
      await expect(
        start(AuthorizeResult.ALLOW, { catalogUri: 'http://x', notifications }),
      ).rejects.toThrow(message);
    },
  );

  it('refuses a malformed table name at startup', async () => {
    await expect(
      start(AuthorizeResult.ALLOW, { catalogUri: 'http://x', table: 'alerts' }),
    ).rejects.toThrow(/Invalid fraud.table 'alerts'/);
  });
});
