import * as vscode from 'vscode';
import type { VehiclesService } from '../vehicles/service';
import { carriesName, listedNames, vehicleNames } from './model/names';
import type { PanelSource } from './sources';

/**
 * Display names for Live Telemetry and the Telemetry view, from what Fleetkit already has (model/names.ts): the
 * VehicleName a car streams, else the vehicle list the Accounts & Vehicles view fetched. Never makes a call.
 */
export class TelemetryVehicleNames implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** The names may have changed (a car streamed its name, or the vehicle list changed). */
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: Array<{ dispose(): void }> = [];

  constructor(
    private readonly bridge: Pick<PanelSource, 'onRecords' | 'store'>,
    private readonly vehicles: VehiclesService,
  ) {
    this.subscriptions.push(bridge.onRecords((records) => carriesName(records) && this.emitter.fire()));
    this.subscriptions.push(vehicles.onDidChange(() => this.emitter.fire()));
  }

  current(): Record<string, string> {
    return vehicleNames(this.bridge.store.vehicles(), this.listed());
  }

  nameOf(vin: string): string | undefined {
    return this.current()[vin];
  }

  private listed(): Map<string, string> {
    const { vehicles } = this;
    return listedNames(vehicles.accounts().flatMap((a) => vehicles.cache.list(a.id).map((r) => ({ vin: r.vin, display_name: r.summary.display_name }))));
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.emitter.dispose();
  }
}
