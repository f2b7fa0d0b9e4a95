export { crdValidator } from '@internal/lakehouse-test-utils';
