/**
 * API client, polling hooks and components of the lakehouse plugins, for the
 * Data platform page and for other plugins that show engine or job status.
 *
 * @packageDocumentation
 */

export { lakehouseApiRef } from './api/LakehouseApi';
export type {
  EngineInstanceSummary,
  JobDetailResponse,
  JobsPage,
  JobsQuery,
  LakehouseApi,
} from './api/LakehouseApi';
export { LakehouseClient } from './api/LakehouseClient';
export { useEngines } from './hooks/useEngines';
export { useJobs } from './hooks/useJobs';
export { useJob } from './hooks/useJob';
export { DEFAULT_REFRESH_INTERVAL_MS, usePolling } from './hooks/usePolling';
export type { PolledState, PollingOptions } from './hooks/usePolling';
export {
  ClusterSummaryCard,
  DetailList,
  EngineErrorPanel,
  FreshnessLabel,
  JobDetail,
  JobDetailView,
  JobsTable,
  JobLinks,
  JobStateChip,
  LoadingLabel,
  adviseOnEngineError,
  describeError,
  engineTitle,
  formatAge,
  formatDuration,
  formatTime,
  instanceTitle,
} from './components';
export type {
  ClusterSummaryCardProps,
  EngineErrorPanelProps,
  FreshnessLabelProps,
  JobDetailProps,
  JobsTableProps,
  JobStateChipProps,
} from './components';
