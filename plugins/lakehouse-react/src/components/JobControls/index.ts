export { JobControls } from './JobControls';
