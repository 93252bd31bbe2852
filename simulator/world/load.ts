import { readFile } from 'node:fs/promises';
import { validateWorld, WorldValidationError } from './validate';
import type { WorldConfig } from './types';

/** Reads and validates a world file; errors name the file and every problem found. */
export async function loadWorldFile(path: string): Promise<WorldConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read world file ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`world file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  try {
    return validateWorld(raw);
  } catch (err) {
    if (err instanceof WorldValidationError) throw new Error(`world file ${path} is invalid:\n  ${err.problems.join('\n  ')}`);
    throw err;
  }
}
