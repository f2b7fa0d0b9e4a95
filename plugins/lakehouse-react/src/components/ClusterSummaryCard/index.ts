export { ClusterSummaryCard } from './ClusterSummaryCard';
export type { ClusterSummaryCardProps } from './ClusterSummaryCard';
