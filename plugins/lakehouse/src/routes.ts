import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Data platform page, `/data-platform` by default. */
export const rootRouteRef = createRouteRef();
