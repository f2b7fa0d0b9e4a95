export { JobDetail, JobDetailView } from './JobDetail';
export type { JobDetailProps } from './JobDetail';
export { DetailList } from './DetailList';
