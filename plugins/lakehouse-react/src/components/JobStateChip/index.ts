export { JobStateChip, JOB_STATE_STYLES } from './JobStateChip';
export type { JobStateChipProps } from './JobStateChip';
