/** Options of a `fleetkit` command: node:util parseArgs (strict), its errors turned into usage errors (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command';

export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
