import * as vscode from 'vscode';
import { carKeyNodes, carKeysNode, type CarKey, type CarKeysState } from '../../core/keychain';
import type { NodeModel } from '../../core/vehicle-model/tree-model';
import type { TreeExtension } from '../vehicles/tree';

/** "Keys" under each vehicle in Accounts & Vehicles: what the last read found; the tree itself never reads. */
export class CarKeysTree implements TreeExtension, vscode.Disposable {
  private readonly states = new Map<string, CarKeysState>();
  private readonly emitter = new vscode.EventEmitter<void>();

  private static key(accountId: string, vin: string): string {
    return `${accountId}:${vin}`;
  }

  read(accountId: string, vin: string, keys: readonly CarKey[]): void {
    this.states.set(CarKeysTree.key(accountId, vin), { keys, at: Date.now() });
    this.emitter.fire();
  }

  failed(accountId: string, vin: string, error: string): void {
    const prev = this.states.get(CarKeysTree.key(accountId, vin));
    this.states.set(CarKeysTree.key(accountId, vin), { ...prev, error });
    this.emitter.fire();
  }

  /** A key the car removed leaves the list without another (billed) read. */
  removed(accountId: string, vin: string, slot: number): void {
    const state = this.states.get(CarKeysTree.key(accountId, vin));
    if (!state?.keys) return;
    this.states.set(CarKeysTree.key(accountId, vin), { ...state, keys: state.keys.filter((k) => k.slot !== slot) });
    this.emitter.fire();
  }

  keyAt(accountId: string, vin: string, slot: number): CarKey | undefined {
    return this.states.get(CarKeysTree.key(accountId, vin))?.keys?.find((k) => k.slot === slot);
  }

  accountChildren(): NodeModel[] {
    return [];
  }

  vehicleChildren(accountId: string, vin: string, now: number): NodeModel[] {
    return [carKeysNode(accountId, vin, this.states.get(CarKeysTree.key(accountId, vin)), now)];
  }

  children(node: NodeModel): NodeModel[] | undefined {
    if (node.kind === 'car-key') return [];
    if (node.kind !== 'car-keys' || !node.vin) return undefined;
    return carKeyNodes(node.accountId, node.vin, this.states.get(CarKeysTree.key(node.accountId, node.vin))?.keys ?? []);
  }

  parent(node: NodeModel, now: number): NodeModel | 'vehicle' | undefined {
    if (node.kind === 'car-keys') return 'vehicle';
    if (node.kind === 'car-key' && node.vin) return this.vehicleChildren(node.accountId, node.vin, now)[0];
    return undefined;
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.emitter.event(listener);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
