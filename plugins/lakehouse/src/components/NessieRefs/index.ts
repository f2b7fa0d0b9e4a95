export { NessieRefs } from './NessieRefs';
