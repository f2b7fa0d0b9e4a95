export { FreshnessLabel } from './FreshnessLabel';
export type { FreshnessLabelProps } from './FreshnessLabel';
