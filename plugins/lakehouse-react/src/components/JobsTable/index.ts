export { JobsTable } from './JobsTable';
export type { JobsTableProps } from './JobsTable';
