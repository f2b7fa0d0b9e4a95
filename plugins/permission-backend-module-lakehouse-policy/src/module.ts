import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { LakehousePermissionPolicy } from './LakehousePermissionPolicy';

/**
 * Installs {@link LakehousePermissionPolicy} as the permission backend's policy.
 * @public
 */
export const lakehousePolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'lakehouse-policy',
  register({ registerInit }) {
    registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          new LakehousePermissionPolicy(userInfo, {
            jobSubmitters: config.getOptionalStringArray(
              'lakehouse.permissions.jobSubmitters',
            ),
            admins: config.getOptionalStringArray(
              'lakehouse.permissions.admins',
            ),
          }),
        );
      },
    });
  },
});
