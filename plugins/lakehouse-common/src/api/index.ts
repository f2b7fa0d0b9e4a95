export * from './statusSchemas';
export * from './jobDetail';
export * from './routes';
export * from './flinkHealth';
