/**
 * better-sqlite3, loaded only when history is on (a bridge without --history never needs the native module). It is
 * required at run time from node_modules, never bundled: its native binding must sit beside its own files.
 */
import { createRequire } from 'node:module';

export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): void;
}

type SqliteConstructor = new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => SqliteDatabase;

let ctor: SqliteConstructor | undefined;

export function openSqlite(file: string, options: { readonly?: boolean } = {}): SqliteDatabase {
  if (!ctor) {
    try {
      ctor = createRequire(__filename)('better-sqlite3') as SqliteConstructor;
    } catch (err) {
      throw new Error(`history needs the better-sqlite3 package (npm install better-sqlite3): ${(err as Error).message}`);
    }
  }
  return new ctor(file, options.readonly ? { readonly: true, fileMustExist: true } : {});
}
