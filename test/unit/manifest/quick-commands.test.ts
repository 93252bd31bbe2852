import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCommand, QUICK_COMMANDS } from '../../../core/command-protocol/catalogue';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };

describe('quick vehicle commands (core QUICK_COMMANDS → the editor ids fleetkit.<verbNoun>)', () => {
  it('each is a catalogue command whose derived id package.json contributes, every id distinct', () => {
    const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
    const ids = Object.entries(QUICK_COMMANDS).map(([name, verb]) => {
      assert.ok(findCommand(name), `${name} is in the command catalogue`);
      return `fleetkit.${verb}`;
    });
    assert.equal(ids.length, 9);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.ok(contributed.has(id), `${id} is contributed in package.json`);
    assert.equal(QUICK_COMMANDS.door_lock, 'lockDoors');
  });
});
