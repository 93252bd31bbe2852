import { SecretScrubber } from './redact';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

/** Where formatted, already-redacted lines go (an output channel, stderr, an array in tests). */
export interface LogSink {
  write(level: LogLevel, line: string): void;
}

export interface Logger {
  trace(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
  /** A logger whose lines are prefixed with `[scope]`. */
  child(scope: string): Logger;
  /** Registers an exact secret value (e.g. a freshly minted token) to scrub wherever it appears. */
  addSecret(secret: string | undefined): void;
}

function formatDetail(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`;
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}

export interface LoggerOptions {
  sink: LogSink;
  level?: LogLevel | (() => LogLevel);
  scope?: string;
  scrubber?: SecretScrubber;
}

export function createLogger(options: LoggerOptions): Logger {
  const scrubber = options.scrubber ?? new SecretScrubber();
  const levelOf = typeof options.level === 'function' ? options.level : () => (options.level as LogLevel | undefined) ?? 'info';
  const prefix = options.scope ? `[${options.scope}] ` : '';

  const emit = (level: LogLevel, message: string, details: unknown[]): void => {
    if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(levelOf())) return;
    const text = [prefix + message, ...details.map(formatDetail)].join(' ');
    options.sink.write(level, scrubber.scrub(text));
  };

  return {
    trace: (m, ...d) => emit('trace', m, d),
    debug: (m, ...d) => emit('debug', m, d),
    info: (m, ...d) => emit('info', m, d),
    warn: (m, ...d) => emit('warn', m, d),
    error: (m, ...d) => emit('error', m, d),
    child: (scope) => createLogger({ ...options, scrubber, scope: options.scope ? `${options.scope}/${scope}` : scope }),
    addSecret: (s) => scrubber.add(s),
  };
}

/** A sink for CLIs and servers: human-readable lines on stderr (stdout stays for machine output). */
export function stderrSink(): LogSink {
  return {
    write(level, line) {
      process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${line}\n`);
    },
  };
}

/** A sink that keeps lines in memory, for tests. */
export function memorySink(): LogSink & { lines: Array<{ level: LogLevel; line: string }> } {
  const lines: Array<{ level: LogLevel; line: string }> = [];
  return { lines, write: (level, line) => lines.push({ level, line }) };
}
