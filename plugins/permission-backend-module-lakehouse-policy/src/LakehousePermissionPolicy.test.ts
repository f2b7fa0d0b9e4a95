import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  lakehouseJobCancelPermission,
  lakehouseJobSubmitPermission,
  lakehouseStatusReadPermission,
} from '@internal/plugin-lakehouse-common';
import { LakehousePermissionPolicy } from './LakehousePermissionPolicy';

const userInfo = mockServices.userInfo.mock({
  getUserInfo: async credentials => ({
    userEntityRef: (credentials.principal as { userEntityRef: string })
      .userEntityRef,
    ownershipEntityRefs:
      (credentials.principal as { userEntityRef: string }).userEntityRef ===
      'user:default/ada'
        ? ['user:default/ada', 'group:default/data-platform']
        : ['user:default/bob', 'group:default/marketing'],
  }),
});
const as = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: {} as any,
});

describe('LakehousePermissionPolicy', () => {
  const policy = new LakehousePermissionPolicy(userInfo, [
    'group:data-platform',
  ]);

  it('lets members of a configured group submit and cancel', async () => {
    for (const permission of [
      lakehouseJobSubmitPermission,
      lakehouseJobCancelPermission,
    ]) {
      await expect(
        policy.handle({ permission }, as('user:default/ada')),
      ).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('refuses other users, and services acting on their own', async () => {
    await expect(
      policy.handle(
        { permission: lakehouseJobSubmitPermission },
        as('user:default/bob'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policy.handle(
        { permission: lakehouseJobSubmitPermission },
        {
          credentials: mockCredentials.service('plugin:catalog'),
          info: {} as any,
        },
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('leaves reading status and everything else allowed', async () => {
    await expect(
      policy.handle(
        { permission: lakehouseStatusReadPermission },
        as('user:default/bob'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets every user submit when no group is configured', async () => {
    await expect(
      new LakehousePermissionPolicy(userInfo, undefined).handle(
        { permission: lakehouseJobSubmitPermission },
        as('user:default/bob'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('refuses a malformed group ref at startup', () => {
    expect(
      () => new LakehousePermissionPolicy(userInfo, ['data platform!']),
    ).toThrow(/not an entity ref/);
  });
});
