import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  LakehouseJobsClient,
  LakehouseJobsService,
} from './LakehouseJobsClient';

/**
 * The lakehouse jobs API for other backend plugins (as `catalogServiceRef` is
 * for the catalog): calls go through the lakehouse backend, so its permission
 * checks, audit events and engine allow-list apply to them too.
 * @public
 */
export const lakehouseJobsServiceRef = createServiceRef<LakehouseJobsService>({
  id: 'lakehouse.jobs',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: deps => new LakehouseJobsClient(deps),
    }),
});
