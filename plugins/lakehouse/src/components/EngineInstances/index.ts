export { EngineInstances } from './EngineInstances';
export type { EngineInstancesProps } from './EngineInstances';
