export { IcebergTableContent } from './IcebergTableContent';
