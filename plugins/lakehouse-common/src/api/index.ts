export {
  clusterSummarySchema,
  engineErrorSchema,
  engineKindSchema,
  engineSnapshotSchema,
  jobStateSchema,
  jobSummarySchema,
  jobsPageSchema,
  serviceSummarySchema,
} from './statusSchemas';
export * from './jobDetail';
export * from './customResourceStatusFields';
export * from './routes';
export * from './flinkHealth';
export * from './jobControls';
export * from './signals';
export * from './tables';
export * from './lineage';
