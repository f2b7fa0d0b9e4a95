import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  taskReadPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  lakehouseJobCancelPermission,
  lakehouseJobSubmitPermission,
  lakehouseStatusReadPermission,
  lakehouseTableReadDataPermission,
  lakehouseLineageWritePermission,
  lakehouseTableReadPermission,
} from '@internal/plugin-lakehouse-common';
import {
  recommenderModelPromotePermission,
  recommenderModelReadPermission,
} from '@internal/plugin-recommender-common';
import { fraudSimulationControlPermission } from '@internal/plugin-fraud-common';
import { LakehousePermissionPolicy } from './LakehousePermissionPolicy';

const GROUPS: Record<string, string[]> = {
  'user:default/ada': ['group:default/data-platform'],
  'user:default/bob': ['group:default/marketing'],
  'user:default/root': ['group:default/platform-admins'],
};
const userInfo = mockServices.userInfo.mock({
  getUserInfo: async credentials => {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return { userEntityRef: ref, ownershipEntityRefs: [ref, ...GROUPS[ref]] };
  },
});
const as = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: {} as any,
});
const service = {
  credentials: mockCredentials.service('external:automation'),
  info: {} as any,
};

describe('LakehousePermissionPolicy', () => {
  const policy = new LakehousePermissionPolicy(userInfo, {
    jobSubmitters: ['group:data-platform'],
    admins: ['group:default/platform-admins'],
  });
  const decide = (permission: any, user: any) =>
    policy.handle({ permission }, user).then(d => d.result);

  it('lets members of a submitting group submit, and nobody else', async () => {
    expect(
      await decide(lakehouseJobSubmitPermission, as('user:default/ada')),
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      await decide(lakehouseJobSubmitPermission, as('user:default/bob')),
    ).toBe(AuthorizeResult.DENY);
    expect(await decide(lakehouseJobSubmitPermission, service)).toBe(
      AuthorizeResult.DENY,
    );
  });

  it("decides a submitter's cancel per job, by ownership", async () => {
    await expect(
      policy.handle(
        { permission: lakehouseJobCancelPermission },
        as('user:default/ada'),
      ),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'lakehouse',
      resourceType: 'lakehouse-job',
      conditions: {
        rule: 'IS_JOB_OWNER',
        resourceType: 'lakehouse-job',
        params: {
          claims: ['user:default/ada', 'group:default/data-platform'],
        },
      },
    });
    expect(
      await decide(lakehouseJobCancelPermission, as('user:default/bob')),
    ).toBe(AuthorizeResult.DENY);
    expect(
      await decide(lakehouseJobCancelPermission, as('user:default/root')),
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('lets service tokens record lineage, and of the users only admins', async () => {
    expect(await decide(lakehouseLineageWritePermission, service)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(
      await decide(lakehouseLineageWritePermission, as('user:default/bob')),
    ).toBe(AuthorizeResult.DENY);
    expect(
      await decide(lakehouseLineageWritePermission, as('user:default/root')),
    ).toBe(AuthorizeResult.ALLOW);
  });

  it("lets every signed-in principal read tables' metadata, but rows only by the table entity's owners", async () => {
    expect(
      await decide(lakehouseTableReadPermission, as('user:default/bob')),
    ).toBe(AuthorizeResult.ALLOW);
    expect(await decide(lakehouseTableReadPermission, service)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decide(lakehouseTableReadDataPermission, service)).toBe(
      AuthorizeResult.DENY,
    );
  });

  it.each([
    ['promote recommender models', recommenderModelPromotePermission],
    ['shape the clickstream simulation', fraudSimulationControlPermission],
    ["read an Iceberg table's rows", lakehouseTableReadDataPermission],
  ])(
    'lets a user %s where the catalog finds them an owner of the entity',
    async (_, permission) => {
      for (const [who, claims] of [
        [
          'user:default/ada',
          ['user:default/ada', 'group:default/data-platform'],
        ],
        ['user:default/bob', ['user:default/bob', 'group:default/marketing']],
      ] as const) {
        await expect(
          // The policy does not see which entity: the catalog applies the condition to it.
          policy.handle({ permission }, as(who)),
        ).resolves.toEqual({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims },
          },
        });
      }
      expect(await decide(permission, as('user:default/root'))).toBe(
        AuthorizeResult.ALLOW,
      );
      expect(await decide(permission, service)).toBe(AuthorizeResult.DENY);
      // Reading the versions stays open.
      expect(
        await decide(recommenderModelReadPermission, as('user:default/bob')),
      ).toBe(AuthorizeResult.ALLOW);
      expect(await decide(recommenderModelReadPermission, service)).toBe(
        AuthorizeResult.ALLOW,
      );
    },
  );

  it('keeps admin-level permissions to admins', async () => {
    for (const permission of [
      kubernetesProxyPermission,
      catalogEntityDeletePermission,
      templateManagementPermission,
    ]) {
      expect(await decide(permission, as('user:default/ada'))).toBe(
        AuthorizeResult.DENY,
      );
      expect(await decide(permission, service)).toBe(AuthorizeResult.DENY);
      expect(await decide(permission, as('user:default/root'))).toBe(
        AuthorizeResult.ALLOW,
      );
    }
  });

  it('lets submitters register locations (templates do), and nobody else', async () => {
    const create = catalogLocationCreatePermission;
    expect(await decide(create, as('user:default/ada'))).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decide(create, as('user:default/bob'))).toBe(
      AuthorizeResult.DENY,
    );
    expect(await decide(create, service)).toBe(AuthorizeResult.DENY);
  });

  it("shows a user their own scaffolder tasks, not other people's", async () => {
    await expect(
      policy.handle({ permission: taskReadPermission }, as('user:default/bob')),
    ).resolves.toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: 'IS_TASK_OWNER',
        params: { createdBy: ['user:default/bob'] },
      },
    });
  });

  it('leaves reading allowed to users and services', async () => {
    for (const permission of [
      lakehouseStatusReadPermission,
      catalogEntityReadPermission,
    ]) {
      expect(await decide(permission, as('user:default/bob'))).toBe(
        AuthorizeResult.ALLOW,
      );
      expect(await decide(permission, service)).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('lets every user submit when no group is configured, but keeps admin rights closed', async () => {
    const open = new LakehousePermissionPolicy(userInfo, {});
    expect(
      (
        await open.handle(
          { permission: lakehouseJobSubmitPermission },
          as('user:default/bob'),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (
        await open.handle(
          { permission: kubernetesProxyPermission },
          as('user:default/root'),
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('refuses a malformed group ref at startup', () => {
    expect(
      () =>
        new LakehousePermissionPolicy(userInfo, {
          jobSubmitters: ['data platform!'],
        }),
    ).toThrow(/jobSubmitters: 'data platform!' is not an entity ref/);
    expect(
      () => new LakehousePermissionPolicy(userInfo, { admins: ['a b'] }),
    ).toThrow(/admins/);
  });
});
