import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Recommendations page (/recommendations). */
export const rootRouteRef = createRouteRef();
