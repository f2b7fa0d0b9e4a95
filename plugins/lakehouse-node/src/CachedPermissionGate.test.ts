import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { lakehouseStatusReadPermission } from '@internal/plugin-lakehouse-common';
import { CachedPermissionGate } from './CachedPermissionGate';

describe('CachedPermissionGate', () => {
  let now = 0;
  const permissions = mockServices.permissions.mock();
  const gate = () =>
    new CachedPermissionGate(
      permissions,
      lakehouseStatusReadPermission,
      () => now,
    );

  beforeEach(() => {
    now = 1_000_000;
    permissions.authorize.mockReset();
  });

  it('asks the permission backend once per principal per 10 s', async () => {
    permissions.authorize.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    const g = gate();
    const alice = mockCredentials.user('user:default/alice');
    await g.check(alice);
    await g.check(alice);
    now += 9_999;
    await g.check(alice);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    await g.check(mockCredentials.user('user:default/bob'));
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
    now += 2;
    await g.check(alice);
    expect(permissions.authorize).toHaveBeenCalledTimes(3);
  });

  it('keeps a denial too, and says which permission is missing', async () => {
    permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    const g = gate();
    const mallory = mockCredentials.user('user:default/mallory');
    await expect(g.check(mallory)).rejects.toThrow(
      'Missing permission lakehouse.status.read',
    );
    await expect(g.check(mallory)).rejects.toThrow(/lakehouse.status.read/);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
  });

  it('applies a changed policy after at most 10 s', async () => {
    permissions.authorize.mockResolvedValueOnce([
      { result: AuthorizeResult.ALLOW },
    ]);
    permissions.authorize.mockResolvedValueOnce([
      { result: AuthorizeResult.DENY },
    ]);
    const g = gate();
    const carol = mockCredentials.user('user:default/carol');
    await g.check(carol);
    now += 10_001;
    await expect(g.check(carol)).rejects.toThrow(/Missing permission/);
  });
});
