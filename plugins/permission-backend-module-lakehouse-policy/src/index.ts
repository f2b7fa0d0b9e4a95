/**
 * The portal's permission policy.
 *
 * @packageDocumentation
 */

export { lakehousePolicyModule as default } from './module';
export { LakehousePermissionPolicy } from './LakehousePermissionPolicy';
