/**
 * Test helpers for packages that use the lakehouse contract (`@internal/plugin-lakehouse-common/testUtils`).
 *
 * @packageDocumentation
 */

export {
  BAD_SUBMIT_INPUTS,
  VALID_SUBMIT_INPUTS,
} from './testUtils/badSubmitInputs';
export { expectLakehouseContract } from './testUtils/contract';
export type { ContractResponse } from './testUtils/contract';
