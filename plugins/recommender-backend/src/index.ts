/**
 * The recommender's backend: model versions and their promotion for the serving app.
 *
 * @packageDocumentation
 */

export { recommenderPlugin as default } from './plugin';
