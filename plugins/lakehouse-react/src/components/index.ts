export * from './ClusterSummaryCard';
export * from './EngineErrorPanel';
export * from './FreshnessLabel';
export * from './JobDetail';
export * from './JobsTable';
export * from './JobStateChip';
export * from './LoadingLabel';
export { engineTitle, instanceTitle } from './engines';
export { describeError } from './describeError';
