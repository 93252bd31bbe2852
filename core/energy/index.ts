export * from './types';
export * from './endpoints';
export * from './validate';
export * from './power-flow';
