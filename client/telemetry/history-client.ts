/** Where the bridge's history is (docs/history.md): its feed port over plain HTTP, and whether a spawned bridge can keep one. */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Logger } from '../../core/log/logger';

/** `ws://127.0.0.1:39617/feed` → `http://127.0.0.1:39617`. */
export function historyBaseUrl(feedUrl: string): string {
  const u = new URL(feedUrl);
  return `${u.protocol === 'wss:' ? 'https:' : 'http:'}//${u.host}`;
}

/**
 * `--history FILE` for a bridge Fleetkit starts, when the bridge bundle beside `dist` can load better-sqlite3 (a
 * clone, npm start); none when it cannot (then the bridge runs without history instead of failing to start).
 */
export function historyFileArgs(dist: string, file: string, log: Logger): string[] {
  try {
    createRequire(path.join(dist, 'bridge.js')).resolve('better-sqlite3');
    return ['--history', file];
  } catch {
    log.info('The telemetry bridge keeps no history here: better-sqlite3 is not installed beside Fleetkit.');
    return [];
  }
}
