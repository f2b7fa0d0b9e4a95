export { EntityEngineCard, EntityEngineContent } from './EntityEngineView';
