/**
 * The bridge's alert rules (`--alerts FILE`, docs/alerts.md): the rules file read and watched, the engine fed from
 * the record tap off the ingest path (the tap keeps a reference to the line; lines are parsed and evaluated in a
 * batch on the next turn of the event loop), the engine's clock moved on once a second for staleness and
 * disconnections, and each alert handed to `emit`. A changed file that has errors is logged and the rules in use
 * stay; a good one replaces them (the engine's state starts over).
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { AlertEngine, formatProblems, readRulesFile, type Alert, type AlertRule } from '../../core/alerts';
import { ALERT_RECORD_TYPE } from '../../core/alerts/record';
import { isTelemetryRecord } from '../../core/messages/live-feed';
import type { Logger } from '../../core/log/logger';
import { BridgeConfigError } from '../config';

export interface AlertEvaluatorOptions {
  file: string;
  emit: (alert: Alert) => void;
  logger: Logger;
  /** The clock advance() is called with; default Date.now. */
  now?: () => number;
  /** Default 1,000 ms. */
  advanceEveryMs?: number;
}

export interface AlertEvaluatorStats {
  rules: number;
  records: number;
  alerts: number;
  /** Times a changed rules file was loaded. */
  reloads: number;
  /** Times a changed rules file had errors (the rules in use stayed). */
  reloadErrors: number;
}

/** A rules file the bridge cannot start with: a config error (`fleetkit bridge` prints it and exits 2). */
export class AlertRulesError extends BridgeConfigError {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'AlertRulesError';
  }
}

async function load(file: string): Promise<{ text: string; rules: AlertRule[]; warnings: string[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new AlertRulesError(`cannot read the alert rules file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, []);
  }
  const parsed = readRulesFile(text);
  const lines = formatProblems(file, text, parsed.problems);
  if (!parsed.rules) {
    throw new AlertRulesError(`the alert rules file ${file} has errors (fix them; \`fleetkit alerts test\` shows them too):\n${lines.join('\n')}`, lines);
  }
  return { text, rules: parsed.rules, warnings: lines };
}

export class AlertEvaluator {
  private engine!: AlertEngine;
  private text = '';
  private queue: Buffer[] = [];
  private scheduled = false;
  private closed = false;
  private watcher: FSWatcher | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private readonly counts = { records: 0, alerts: 0, reloads: 0, reloadErrors: 0 };

  constructor(private readonly options: AlertEvaluatorOptions) {}

  /** Reads the rules (throws AlertRulesError naming every problem), then watches the file and starts the clock. */
  async start(): Promise<void> {
    const first = await load(this.options.file);
    this.use(first.text, first.rules, first.warnings);
    const name = basename(this.options.file);
    try {
      // The directory, not the file: editors save by writing a new file and renaming it over the old one.
      this.watcher = watch(dirname(this.options.file), (_event, changed) => {
        if (changed === null || changed === name) this.scheduleReload();
      });
      this.watcher.on('error', (err) => this.options.logger.warn(`alert rules: cannot watch ${this.options.file} any more`, err.message));
    } catch (err) {
      this.options.logger.warn(`alert rules: cannot watch ${this.options.file}; changes need a restart`, (err as Error).message);
    }
    const now = this.options.now ?? Date.now;
    this.timer = setInterval(() => {
      this.flush();
      for (const alert of this.engine.advance(now())) this.fire(alert);
    }, this.options.advanceEveryMs ?? 1000);
    this.timer.unref();
  }

  stats(): AlertEvaluatorStats {
    return { rules: this.engine?.rules.length ?? 0, ...this.counts };
  }

  /** The bridge's record tap: O(1); alert records (its own) are left out. */
  readonly tap = (record: { txtype: string }, line: Buffer): void => {
    if (this.closed || record.txtype === ALERT_RECORD_TYPE) return;
    this.queue.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  };

  /** Evaluates what is queued, in arrival order. */
  flush(): void {
    this.scheduled = false;
    const lines = this.queue;
    if (!lines.length) return;
    this.queue = [];
    for (const line of lines) {
      let rec: unknown;
      try {
        rec = JSON.parse(line.toString('utf8'));
      } catch {
        continue;
      }
      if (!isTelemetryRecord(rec)) continue;
      this.counts.records++;
      for (const alert of this.engine.process(rec)) this.fire(alert);
    }
  }

  /** Reads the file again now (the watcher calls it; tests may too). */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.reloadNow());
    return this.reloading;
  }

  /** Evaluates what is queued and stops. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    this.watcher?.close();
  }

  private fire(alert: Alert): void {
    this.counts.alerts++;
    try {
      this.options.emit(alert);
    } catch (err) {
      this.options.logger.error(`alert ${alert.rule} for ${alert.vin} could not be handed on`, (err as Error).message);
    }
  }

  private use(text: string, rules: AlertRule[], warnings: string[]): void {
    this.flush();
    this.text = text;
    this.engine = new AlertEngine(rules);
    for (const w of warnings) this.options.logger.warn(w);
    this.options.logger.info(`alert rules: ${rules.length} rule(s) from ${this.options.file}`);
  }

  private scheduleReload(): void {
    if (this.closed) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), 150);
    this.debounce.unref();
  }

  private async reloadNow(): Promise<void> {
    if (this.closed) return;
    let next;
    try {
      next = await load(this.options.file);
    } catch (err) {
      if (this.closed) return;
      this.counts.reloadErrors++;
      this.options.logger.error(`${(err as Error).message}\nalert rules: keeping the ${this.engine.rules.length} rule(s) in use`);
      return;
    }
    if (this.closed || next.text === this.text) return;
    this.counts.reloads++;
    this.use(next.text, next.rules, next.warnings);
  }
}
