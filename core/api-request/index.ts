export * from './send';
export * from './variables';
export * from './curl';
export * from './http-file';
