export { EngineErrorPanel } from './EngineErrorPanel';
export type { EngineErrorPanelProps } from './EngineErrorPanel';
export { adviseOnEngineError } from './whatToCheck';
