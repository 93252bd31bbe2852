import assert from 'node:assert/strict';
import { COMMAND_CATALOGUE } from '../../../../core/command-protocol/catalogue';
import { commandPickEntries } from '../../../../client/vehicle-commands/command-picks';
import { pairingLink, SIMULATOR_PAIRING_DOMAIN } from '../../../../client/vehicle-commands/pairing';

describe('client/vehicle-commands command quick pick', () => {
  const entries = commandPickEntries(COMMAND_CATALOGUE);

  it('lists every catalogue command exactly once, under a separator of its group', () => {
    const names = entries.filter((e) => e.kind === 'command').map((e) => (e.kind === 'command' ? e.name : ''));
    assert.equal(names.length, COMMAND_CATALOGUE.length);
    assert.equal(new Set(names).size, names.length);
    assert.equal(entries[0]!.kind, 'separator');
    let group = '';
    for (const e of entries) {
      if (e.kind === 'separator') group = e.label;
      else assert.equal(COMMAND_CATALOGUE.find((c) => c.name === e.name)!.group, group, e.name);
    }
    const groups = entries.filter((e) => e.kind === 'separator').map((e) => e.label);
    assert.equal(new Set(groups).size, groups.length, 'each group once');
  });

  it('the description names the REST name and the domain (searchable), the detail the parameters', () => {
    const lock = entries.find((e) => e.kind === 'command' && e.name === 'door_lock');
    assert.ok(lock && lock.kind === 'command');
    assert.match(lock.description, /^door_lock · VCSEC \(signed\)$/);
    const limit = entries.find((e) => e.kind === 'command' && e.name === 'set_charge_limit');
    assert.ok(limit && limit.kind === 'command');
    assert.match(limit.description, /Infotainment \(signed\)/);
    assert.match(limit.detail, /params: percent/);
    const wake = entries.find((e) => e.kind === 'command' && e.name === 'wake_up');
    if (wake && wake.kind === 'command') assert.match(wake.description, /REST \(unsigned\)/);
  });

  it('within a group, VCSEC commands come before infotainment, then REST', () => {
    let group: number[] = [];
    const check = () =>
      assert.deepEqual(
        group,
        [...group].sort((a, b) => a - b),
      );
    for (const e of entries) {
      if (e.kind === 'separator') {
        check();
        group = [];
        continue;
      }
      const spec = COMMAND_CATALOGUE.find((c) => c.name === e.name)!;
      group.push(spec.signing === 'rest' ? 2 : spec.domain === 'vcsec' ? 0 : 1);
    }
    check();
  });
});

describe('client/vehicle-commands pairing link', () => {
  it("Tesla's _ak link for the partner domain; none without a domain", () => {
    assert.equal(pairingLink({ domain: 'Fleet.Example.com' }), 'https://tesla.com/_ak/fleet.example.com');
    assert.equal(pairingLink({ domain: 'https://fleet.example.com/' }), 'https://tesla.com/_ak/fleet.example.com');
    assert.equal(pairingLink({ domain: '' }), undefined);
  });

  it("the simulator's own page, with a default domain", () => {
    assert.equal(pairingLink({ domain: 'fleet.example.com', simulatorBaseUrl: 'https://127.0.0.1:4443' }), 'https://127.0.0.1:4443/_ak/fleet.example.com');
    assert.equal(pairingLink({ domain: '', simulatorBaseUrl: 'https://127.0.0.1:4443/api' }), `https://127.0.0.1:4443/_ak/${SIMULATOR_PAIRING_DOMAIN}`);
  });
});
