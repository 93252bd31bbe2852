export * from './totals';
export * from './rows';
export * from './time-window';
