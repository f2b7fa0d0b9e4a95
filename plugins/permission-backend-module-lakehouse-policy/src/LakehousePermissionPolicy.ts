import type {
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  catalogEntityDeletePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type Permission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  taskCancelPermission,
  taskReadPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  lakehouseJobCancelPermission,
  lakehouseJobSubmitPermission,
  lakehouseLineageWritePermission,
  lakehouseTableReadDataPermission,
} from '@internal/plugin-lakehouse-common';
import {
  createLakehouseJobConditionalDecision,
  lakehouseJobConditions,
} from '@internal/plugin-lakehouse-node';
import { fraudSimulationControlPermission } from '@internal/plugin-fraud-common';
import { recommenderModelPromotePermission } from '@internal/plugin-recommender-common';

/** What only platform admins may do: reach the cluster's API as the portal, change what the catalog reads. */
const ADMIN_ONLY: Permission[] = [
  kubernetesProxyPermission,
  catalogEntityDeletePermission,
  catalogLocationDeletePermission,
  templateManagementPermission,
];

export interface LakehousePolicyOptions {
  /** Members may submit jobs (and act on the jobs they own); absent: every signed-in user. */
  jobSubmitters?: string[];
  /** Members may do everything, on every job; absent: nobody has admin rights. */
  admins?: string[];
}

/**
 * Decided by the owners of the catalog entity the request names (`resourceRef`): the recommender's
 * serving app for promotions, the clickstream simulator for its controls, an Iceberg table's entity
 * for reading its rows.
 */
const ENTITY_OWNER_PERMISSIONS = [
  recommenderModelPromotePermission,
  fraudSimulationControlPermission,
  lakehouseTableReadDataPermission,
];
const isEntityOwnerPermission = (permission: Permission) =>
  ENTITY_OWNER_PERMISSIONS.some(p => isPermission(permission, p));

const ALLOW = { result: AuthorizeResult.ALLOW } as const;
const DENY = { result: AuthorizeResult.DENY } as const;

/**
 * The portal's policy:
 * - admins (`lakehouse.permissions.admins`) may do everything;
 * - admin-level permissions (the Kubernetes proxy, deleting entities and locations, template
 *   management) are denied to everyone else, services and static tokens included;
 * - registering a location goes with submitting jobs (templates register what they create);
 * - scaffolder tasks are read and cancelled by the user who started them;
 * - promoting a recommender model (and rolling back), and starting, stopping or shaping the
 *   clickstream simulation, and reading an Iceberg table's rows, are decided on the catalog entity
 *   of the serving app, the simulator or the table: its owners (the user or one of their groups) may, as the catalog's
 *   `isEntityOwner` rule evaluates it;
 * - submitting needs membership of `lakehouse.permissions.jobSubmitters`; acting on a job is
 *   decided per job by the `IS_JOB_OWNER` rule (its submitter, its entity's owners);
 * - everything else (reading) is allowed to signed-in principals.
 * Users only, never a bare service, for anything that runs or stops work: the scaffolder acts on
 * behalf of the user who pressed Create.
 */
export class LakehousePermissionPolicy implements PermissionPolicy {
  private readonly submitters?: Set<string>;
  private readonly admins: Set<string>;

  constructor(
    private readonly userInfo: UserInfoService,
    options: LakehousePolicyOptions,
  ) {
    if (options.jobSubmitters) {
      this.submitters = refSet(
        options.jobSubmitters,
        'lakehouse.permissions.jobSubmitters',
      );
    }
    this.admins = refSet(options.admins ?? [], 'lakehouse.permissions.admins');
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const principal = user?.credentials.principal as
      | (Partial<BackstageUserPrincipal> & { type?: string })
      | undefined;
    if (principal?.type !== 'user') {
      // Services and static tokens: reading only.
      return ADMIN_ONLY.some(p => isPermission(permission, p)) ||
        isPermission(permission, catalogLocationCreatePermission) ||
        isPermission(permission, lakehouseJobSubmitPermission) ||
        isResourcePermission(
          permission,
          lakehouseJobCancelPermission.resourceType,
        ) ||
        isEntityOwnerPermission(permission)
        ? DENY
        : ALLOW;
    }
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user!.credentials,
    );
    if (ownershipEntityRefs.some(ref => this.admins.has(ref))) return ALLOW;
    if (ADMIN_ONLY.some(p => isPermission(permission, p))) return DENY;
    // Lineage is what the engines observed: their service tokens record it (allowed above), people don't.
    if (isPermission(permission, lakehouseLineageWritePermission)) return DENY;

    const submits =
      !this.submitters ||
      ownershipEntityRefs.some(ref => this.submitters!.has(ref));
    // Templates register what they create (catalog:register runs as the user who pressed Create,
    // and nothing in the permission request says it came through the scaffolder): creating a location
    // goes with submitting jobs.
    if (
      isPermission(permission, catalogLocationCreatePermission) ||
      isPermission(permission, lakehouseJobSubmitPermission)
    ) {
      return submits ? ALLOW : DENY;
    }
    if (
      isResourcePermission(
        permission,
        lakehouseJobCancelPermission.resourceType,
      )
    ) {
      if (!submits) return DENY;
      return createLakehouseJobConditionalDecision(
        permission,
        lakehouseJobConditions.isJobOwner({ claims: ownershipEntityRefs }),
      );
    }
    if (isEntityOwnerPermission(permission)) {
      // The entity's owners; the catalog applies the condition to the entity named by the
      // request's resourceRef (recommender.servingEntity, fraud.simulation.entity).
      return createCatalogConditionalDecision(
        permission as typeof recommenderModelPromotePermission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    if (
      isPermission(permission, taskReadPermission) ||
      isPermission(permission, taskCancelPermission)
    ) {
      return createScaffolderTaskConditionalDecision(
        permission as typeof taskReadPermission,
        scaffolderTaskConditions.isTaskOwner({
          createdBy: [principal.userEntityRef!],
        }),
      );
    }
    return ALLOW;
  }
}

function refSet(refs: string[], key: string): Set<string> {
  return new Set(
    refs.map(ref => {
      try {
        return stringifyEntityRef(parseEntityRef(ref));
      } catch {
        throw new InputError(
          `${key}: '${ref}' is not an entity ref like group:default/data-platform`,
        );
      }
    }),
  );
}
