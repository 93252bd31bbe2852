import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import type { MqttTelemetrySource } from '../../core/mqtt-source';
import type { BridgeStatus } from './messages';
import { TelemetryStore, type FeedRecord } from './model/store';
import type { PanelSource } from './sources';

/** The panel attached to an MQTT broker fleet-telemetry writes to (core/mqtt-source): its records, its state. */
export class MqttLink implements PanelSource {
  readonly kind = 'mqtt' as const;
  readonly store: TelemetryStore;
  private readonly recordsEmitter = new vscode.EventEmitter<FeedRecord[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onRecords = this.recordsEmitter.event;
  readonly onDidChange = this.changed.event;
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly source: MqttTelemetrySource,
    historyMs: number,
    log: Logger,
  ) {
    this.store = new TelemetryStore({ historyMs });
    source.on('records', (records) => {
      for (const r of records) this.store.add(r);
      this.recordsEmitter.fire(records);
    });
    source.on('state', (s) => {
      log.info(`MQTT broker ${source.options.url}: ${s}`);
      this.changed.fire();
    });
    source.on('badMessage', (why) => log.warn(`MQTT: skipped a message that is not in fleet-telemetry's layout: ${why}`));
    // The rate and the vehicle count move without a state change.
    this.ticker = setInterval(() => this.changed.fire(), 1000);
  }

  get status(): BridgeStatus {
    const o = this.source.options;
    const up = this.source.state === 'connected';
    const now = Date.now();
    return {
      state: up ? 'running' : 'unreachable',
      word: up ? 'attached' : 'reconnecting',
      detail: `MQTT broker ${o.url}, topic base ${o.topicBase}${o.username ? `, user ${o.username}` : ''}${up ? '' : ' · reconnecting'}`,
      canStop: false,
      canDetach: true,
      startLabel: 'Start bridge',
      connectedVehicles: this.store.vehicles().filter((v) => v.connected || now - v.lastReceivedAt < 60_000).length,
      recordsPerSecond: this.store.rate(now),
      recordsTotal: this.store.total,
      dropped: 0,
      feedConnected: up,
      sourceLabel: 'MQTT',
    };
  }

  dispose(): void {
    clearInterval(this.ticker);
    void this.source.close();
    this.recordsEmitter.dispose();
    this.changed.dispose();
  }
}
