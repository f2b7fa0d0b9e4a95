export { EngineTab } from './EngineTab';
