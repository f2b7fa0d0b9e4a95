export { LoadingLabel } from './LoadingLabel';
