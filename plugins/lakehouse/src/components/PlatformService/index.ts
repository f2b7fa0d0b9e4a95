export { PlatformServiceCard } from './PlatformServiceCard';
