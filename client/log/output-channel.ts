import * as vscode from 'vscode';
import { createLogger, type Logger, type LogLevel } from '../../core/log/logger';

/**
 * The "Fleetkit" output channel. It is a LogOutputChannel, so VS Code's own
 * "Set Log Level" applies; our logger redacts before anything reaches it.
 */
export function createOutputChannelLogger(): { logger: Logger; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel('Fleetkit', { log: true });
  const write: Record<LogLevel, (line: string) => void> = {
    trace: (l) => channel.trace(l),
    debug: (l) => channel.debug(l),
    info: (l) => channel.info(l),
    warn: (l) => channel.warn(l),
    error: (l) => channel.error(l),
  };
  // The channel filters by its own level; ours stays at trace so nothing is filtered twice.
  const logger = createLogger({ sink: { write: (level, line) => write[level](line) }, level: 'trace' });
  return { logger, channel };
}
