/**
 * The keys on a car, from the vehicle's context menu or the palette: *Show Keys on Car…* lists them (roles, form
 * factors, which one is ours) and offers Remove Key… (confirmed first: irreversible); *Request Key Add…* asks the car to
 * add a public key with a role, then the owner taps a key card. The protocol work is core/keychain.
 */
import * as vscode from 'vscode';
import { FleetApiCommandTransport, MemorySessionStore, VehicleCommandClient } from '../../core/command-protocol';
import { describeError } from '../../core/errors/describe-error';
import { listCarKeys, removeCarKey, requestCarKeyAdd, REQUESTABLE_ROLES, ROLE_DESCRIPTIONS, type CarKey, type KeyRoleName } from '../../core/keychain';
import { importPublicKey, KeyFormatError, publicKeyPoint } from '../../core/keys';
import type { FleetkitContext } from '../context';
import type { CommandKeyStore } from '../keys/key-store';
import { pickVehicle, targetOf, type VehicleTarget } from '../vehicles/pick-vehicle';
import type { VehiclesService } from '../vehicles/service';
import type { VehiclesFeature } from '../vehicles/register';
import type { NodeModel } from '../../core/vehicle-model/tree-model';
import { CarKeysTree } from './tree';

interface Deps {
  readonly service: VehiclesService;
  readonly keys: CommandKeyStore;
  readonly tree: CarKeysTree;
}

function keyItem(k: CarKey): vscode.QuickPickItem & { key: CarKey } {
  return {
    label: `${k.ours ? '$(star-full) ' : ''}Slot ${k.slot} · ${k.role.replace(/_/g, ' ')}`,
    description: `${k.formFactor.replace(/_/g, ' ')} · ${k.fingerprintShort}${k.ours ? ' · ours' : ''}`,
    detail: ROLE_DESCRIPTIONS[k.role],
    key: k,
  };
}

async function showError(log: FleetkitContext['log'], what: string, err: unknown): Promise<void> {
  const d = describeError(err);
  log.warn(`${what}: ${d.message}${d.txid ? ` (txid ${d.txid})` : ''}`);
  await vscode.window.showErrorMessage(`${what}: ${d.message}`);
}

async function showKeys(deps: Deps, log: FleetkitContext['log'], target: VehicleTarget): Promise<void> {
  const ours = await deps.keys.get();
  const transport = new FleetApiCommandTransport(deps.service.client(target.accountId));
  let keys: CarKey[];
  try {
    keys = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the keys on ${target.name}…` }, () =>
      listCarKeys(transport, target.vin, ours ? publicKeyPoint(ours.key) : undefined),
    );
  } catch (err) {
    deps.tree.failed(target.accountId, target.vin, describeError(err).message);
    return showError(log, `Could not list the keys on ${target.name}`, err);
  }
  deps.tree.read(target.accountId, target.vin, keys);
  const picked = await vscode.window.showQuickPick(
    keys.map((k) => keyItem(k)),
    { title: `Keys on ${target.name} (${keys.length})`, placeHolder: 'Pick a key to remove it, or press Escape', matchOnDescription: true },
  );
  if (picked) await removeKey(deps, log, target, picked.key);
}

async function removeKey(deps: Deps, log: FleetkitContext['log'], target: VehicleTarget, k: CarKey): Promise<void> {
  const ours = await deps.keys.get();
  if (!ours) {
    await vscode.window.showWarningMessage('Removing a key is signed with your command key, and there is none yet: generate or import one first.');
    return;
  }
  const confirm = await vscode.window.showWarningMessage(
    `Remove the ${k.role.replace(/_/g, ' ')} key ${k.fingerprintShort} (${k.formFactor.replace(/_/g, ' ')}) from ${target.name}?`,
    { modal: true, detail: 'This cannot be undone: whoever holds this key must pair again. Only an owner key may remove keys, and no key can remove itself.' },
    'Remove Key',
  );
  if (confirm !== 'Remove Key') return;
  const transport = new FleetApiCommandTransport(deps.service.client(target.accountId));
  try {
    const signer = new VehicleCommandClient({ privateKey: ours.key, transport, sessionStore: new MemorySessionStore() });
    const { txid } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Removing the key from ${target.name}…` }, () =>
      removeCarKey(signer, target.vin, Buffer.from(k.publicKey, 'hex')),
    );
    log.info(`removed key ${k.fingerprintShort} from ${target.vin}${txid ? ` (txid ${txid})` : ''}`);
    deps.tree.removed(target.accountId, target.vin, k.slot);
    void vscode.window.showInformationMessage(`Removed key ${k.fingerprintShort} from ${target.name}.`);
  } catch (err) {
    await showError(log, `${target.name} did not remove the key`, err);
  }
}

async function requestAdd(deps: Deps, log: FleetkitContext['log'], target: VehicleTarget): Promise<void> {
  const text = await vscode.window.showInputBox({
    title: `Request Key Add (1/2) · ${target.name}`,
    prompt: 'The public key to add: 130 hex characters, or a "BEGIN PUBLIC KEY" PEM',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        importPublicKey(v);
        return undefined;
      } catch (err) {
        return err instanceof KeyFormatError ? err.message : String(err);
      }
    },
  });
  if (!text) return;
  const role = await vscode.window.showQuickPick(
    REQUESTABLE_ROLES.map((r) => ({ label: r.replace(/_/g, ' '), description: ROLE_DESCRIPTIONS[r], value: r as KeyRoleName })),
    { title: `Request Key Add (2/2) · ${target.name}`, placeHolder: 'The role the key gets' },
  );
  if (!role) return;
  try {
    const transport = new FleetApiCommandTransport(deps.service.client(target.accountId));
    await requestCarKeyAdd(transport, target.vin, importPublicKey(text), role.value, 'cloud_key');
    log.info(`add-key request (${role.value}) sent to ${target.vin}`);
    void vscode.window.showInformationMessage(`${target.name} is waiting: tap a key card on the center console to add the ${role.label} key.`);
  } catch (err) {
    await showError(log, `${target.name} did not take the key request`, err);
  }
}

export function registerCarKeys(ctx: FleetkitContext, deps: { vehicles: VehiclesFeature; keys: CommandKeyStore }): void {
  const log = ctx.log.child('car-keys');
  const tree = new CarKeysTree();
  const d: Deps = { service: deps.vehicles.service, keys: deps.keys, tree };
  ctx.extension.subscriptions.push(
    tree,
    deps.vehicles.extendTree(tree),
    vscode.commands.registerCommand('fleetkit.showCarKeys', async (arg?: unknown) => {
      const target = await pickVehicle(d.service, arg);
      if (target) await showKeys(d, log, target);
    }),
    vscode.commands.registerCommand('fleetkit.requestCarKeyAdd', async (arg?: unknown) => {
      const target = await pickVehicle(d.service, arg);
      if (target) await requestAdd(d, log, target);
    }),
    // From a key row under the vehicle's Keys: the key the last read found in that slot.
    vscode.commands.registerCommand('fleetkit.removeCarKey', async (node?: NodeModel) => {
      const target = node?.kind === 'car-key' ? targetOf(d.service, node) : undefined;
      const key = target && node?.keySlot !== undefined ? tree.keyAt(target.accountId, target.vin, node.keySlot) : undefined;
      if (!target || !key) {
        await vscode.window.showInformationMessage("Remove a key from a key row under a vehicle's Keys, or use Show Keys on Car… to pick one.");
        return;
      }
      await removeKey(d, log, target, key);
    }),
  );
}
