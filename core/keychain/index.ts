export * from './roles';
export * from './payloads';
export * from './replies';
export * from './keychain';
export * from './tree-rows';
