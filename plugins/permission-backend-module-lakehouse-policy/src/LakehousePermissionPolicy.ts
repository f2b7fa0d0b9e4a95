import type { UserInfoService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  lakehouseJobCancelPermission,
  lakehouseJobSubmitPermission,
} from '@internal/plugin-lakehouse-common';

/**
 * Everything is allowed to signed-in users except running jobs: submitting
 * and cancelling need membership of one of `lakehouse.permissions.jobSubmitters`
 * (when configured). Users only, never a bare service: the scaffolder
 * submits on behalf of the user who pressed Create.
 */
export class LakehousePermissionPolicy implements PermissionPolicy {
  private readonly submitters?: Set<string>;

  constructor(
    private readonly userInfo: UserInfoService,
    submitters: string[] | undefined,
  ) {
    if (submitters) {
      this.submitters = new Set(
        submitters.map(ref => {
          try {
            return stringifyEntityRef(parseEntityRef(ref));
          } catch {
            throw new InputError(
              `lakehouse.permissions.jobSubmitters: '${ref}' is not an entity ref like group:default/data-platform`,
            );
          }
        }),
      );
    }
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const runsJobs =
      isPermission(request.permission, lakehouseJobSubmitPermission) ||
      isPermission(request.permission, lakehouseJobCancelPermission);
    if (!runsJobs) return { result: AuthorizeResult.ALLOW };
    const principal = user?.credentials.principal as
      | { type?: string }
      | undefined;
    if (principal?.type !== 'user') {
      return { result: AuthorizeResult.DENY };
    }
    if (!this.submitters) return { result: AuthorizeResult.ALLOW };
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user!.credentials,
    );
    return ownershipEntityRefs.some(ref => this.submitters!.has(ref))
      ? { result: AuthorizeResult.ALLOW }
      : { result: AuthorizeResult.DENY };
  }
}
