export { lakehouseApiPair } from '../testUtils/lakehouseApiPair';
