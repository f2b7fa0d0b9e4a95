import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The fraud dashboard page (/fraud). */
export const rootRouteRef = createRouteRef();
