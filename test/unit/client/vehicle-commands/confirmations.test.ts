import assert from 'node:assert/strict';
import { COMMAND_CATALOGUE } from '../../../../core/command-protocol/catalogue';
import { commandConfirmation } from '../../../../client/vehicle-commands/confirmations';

describe('Send Command: confirmations before irreversible or surprising commands', () => {
  it('erase_user_data asks with the verb Erase and says it cannot be undone', () => {
    const c = commandConfirmation('erase_user_data', {}, 'Commuter')!;
    assert.equal(c.button, 'Erase');
    assert.match(c.message, /Commuter/);
    // pkg/vehicle/security.go EraseGuestData: only data created in Guest Mode.
    assert.match(c.detail, /Guest Mode.*cannot be undone/s);
  });

  it('actuate_trunk: the frunk says it cannot be closed remotely (pkg/vehicle/actions.go OpenFrunk); the rear trunk says Open Trunk', () => {
    const front = commandConfirmation('actuate_trunk', { which_trunk: 'front' }, 'Commuter')!;
    assert.equal(front.button, 'Open Frunk');
    assert.match(front.detail, /cannot be closed remotely/);
    const rear = commandConfirmation('actuate_trunk', { which_trunk: 'rear' }, 'Commuter')!;
    assert.equal(rear.button, 'Open Trunk');
    assert.match(rear.message, /rear trunk of Commuter/);
  });

  it('remote_start_drive warns that anyone at the car can drive it', () => {
    const c = commandConfirmation('remote_start_drive', {}, 'Commuter')!;
    assert.equal(c.button, 'Allow Keyless Driving');
    assert.match(c.detail, /anyone at the car/);
  });

  it('exactly these three commands of the catalogue ask; every button is a Title Case verb, never OK or Yes', () => {
    const asking = COMMAND_CATALOGUE.filter((spec) => commandConfirmation(spec.name, { which_trunk: 'rear' }, 'Car')).map((s) => s.name);
    assert.deepEqual(asking.sort(), ['actuate_trunk', 'erase_user_data', 'remote_start_drive']);
    for (const name of asking) {
      const { button } = commandConfirmation(name, {}, 'Car')!;
      assert.doesNotMatch(button, /^(OK|Yes|Continue|Confirm)$/i);
      assert.ok(
        button.split(' ').every((w) => /^[A-Z]/.test(w)),
        button,
      );
    }
  });
});
