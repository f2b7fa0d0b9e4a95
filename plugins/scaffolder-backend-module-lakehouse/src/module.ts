import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { lakehouseJobsServiceRef } from '@internal/plugin-lakehouse-node';
import {
  createSubmitFlinkJobAction,
  createSubmitRayJobAction,
  createSubmitSparkJobAction,
} from './actions/submitJobActions';
import { createPublishProjectAction } from './actions/publishProject';
import { createWaitForJobAction } from './actions/waitForJob';

/**
 * Registers the lakehouse submit and wait actions with the scaffolder.
 * @public
 */
export const lakehouseScaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'lakehouse',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        jobs: lakehouseJobsServiceRef,
      },
      async init({ scaffolderActions, jobs }) {
        scaffolderActions.addActions(
          createSubmitSparkJobAction({ jobs }),
          createSubmitFlinkJobAction({ jobs }),
          createSubmitRayJobAction({ jobs }),
          createWaitForJobAction({ jobs }),
          createPublishProjectAction({ jobs }),
        );
      },
    });
  },
});
