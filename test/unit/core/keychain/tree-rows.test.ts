import assert from 'node:assert/strict';
import { carKeyNodes, carKeysNode, type CarKey } from '../../../../core/keychain';

const VIN = '5YJ3E1EA8KF000001';
const key = (slot: number, role: CarKey['role'], formFactor: CarKey['formFactor'], ours = false): CarKey => ({
  slot,
  publicKey: '04' + String(slot).padStart(2, '0').repeat(64),
  role,
  formFactor,
  fingerprint: `aa:bb:${slot}`,
  fingerprintShort: `aa:${slot}`,
  ours,
});

describe('core/keychain tree rows: Keys under a vehicle', () => {
  it('an unread car says a click reads them and what that costs; it has no children to expand', () => {
    const n = carKeysNode('acct', VIN, undefined, 0);
    assert.equal(n.label, 'Keys');
    assert.equal(n.collapsible, 'none');
    assert.match(n.description ?? '', /click to read/);
    assert.match(n.tooltip ?? '', /1 signed command for the list, then 1 per key/);
    assert.equal(n.command?.command, 'fleetkit.showCarKeys');
    assert.equal(n.contextValue, 'fleetkit.carKeys.unread');
  });

  it('a failed read keeps the reason on the row', () => {
    const n = carKeysNode('acct', VIN, { error: 'the vehicle is asleep' }, 0);
    assert.equal(n.description, 'not read: the vehicle is asleep');
  });

  it('after a read: the count, whether ours is among them, the age, and the cost of reading again (keys + 1 commands)', () => {
    const keys = [key(0, 'owner', 'ios_device'), key(1, 'owner', 'nfc_card'), key(3, 'driver', 'cloud_key', true)];
    const n = carKeysNode('acct', VIN, { keys, at: 1_000 }, 1_000 + 120_000);
    assert.equal(n.collapsible, 'expanded');
    assert.match(n.description ?? '', /^3 keys · ours among them · 2 min/);
    assert.match(n.tooltip ?? '', /4 signed commands/);
    const none = carKeysNode('acct', VIN, { keys: keys.slice(0, 1), at: 0 }, 0);
    assert.match(none.description ?? '', /^1 key · ours not among them/);
  });

  it('one row per key: slot and role, form factor and fingerprint; ours is starred and cannot be removed from the tree', () => {
    const rows = carKeyNodes('acct', VIN, [key(0, 'owner', 'nfc_card'), key(5, 'charging_manager', 'cloud_key', true)]);
    assert.deepEqual(
      rows.map((r) => [r.label, r.description, r.contextValue, r.keySlot]),
      [
        ['Slot 0 · owner', 'nfc card · aa:0', 'fleetkit.carKey', 0],
        ['Slot 5 · charging manager', 'cloud key · aa:5 · ours', 'fleetkit.carKey.ours', 5],
      ],
    );
    assert.equal(rows[1]?.icon?.id, 'star-full');
    assert.notEqual(rows[0]?.id, rows[1]?.id);
    assert.ok(rows.every((r) => r.vin === VIN && r.accountId === 'acct' && r.kind === 'car-key'));
  });
});
