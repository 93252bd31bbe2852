export * from './categories';
export * from './prices';
export * from './ledger';
