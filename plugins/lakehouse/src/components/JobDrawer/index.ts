export { JobDrawer } from './JobDrawer';
