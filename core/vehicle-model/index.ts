export * from './age';
export * from './cache';
export * from './model-name';
export * from './sections';
export * from './tree-model';
export * from './vehicle-json';
