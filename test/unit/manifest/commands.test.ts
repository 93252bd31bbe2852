import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VehicleCache, type VehicleRecord } from '../../../core/vehicle-model/cache';
import { accountNode, vehicleNode } from '../../../core/vehicle-model/tree-model';

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus: Record<string, Array<{ command: string; when?: string; group?: string }>>;
  };
}
const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as Manifest;

/**
 * VS Code's command label convention (code.visualstudio.com/api/references/extension-guidelines, "Title case"):
 * every word capitalised except articles, coordinating conjunctions and short prepositions, which may stay lower
 * case unless they come first or last.
 */
const SMALL_WORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'but',
  'or',
  'nor',
  'as',
  'at',
  'by',
  'for',
  'from',
  'in',
  'into',
  'of',
  'on',
  'onto',
  'to',
  'via',
  'with',
]);

/** One voice: every title starts with what it does, an imperative verb. A new verb is added here on purpose. */
const VERBS = new Set([
  'Attach',
  'Check',
  'Configure',
  'Copy',
  'Detach',
  'Export',
  'Fetch',
  'Fix',
  'Flash',
  'Generate',
  'Honk',
  'Import',
  'Inspect',
  'Lock',
  'Manage',
  'Open',
  'Pair',
  'Push',
  'Refresh',
  'Register',
  'Remove',
  'Request',
  'Run',
  'Send',
  'Set',
  'Show',
  'Sign',
  'Start',
  'Stop',
  'Turn',
  'Unlock',
  'Wake',
]);

/** The words of a title that must be capitalised but are not ("Refresh vehicles" → ["vehicles"]). */
function titleCaseProblems(title: string): string[] {
  const words = title.replace(/…$/, '').split(/\s+/);
  return words.filter((w, i) => {
    const letters = w.replace(/^[^\p{L}]+/u, '');
    if (!letters || !/^\p{Ll}/u.test(letters)) return false;
    const edge = i === 0 || i === words.length - 1;
    return edge || !SMALL_WORDS.has(letters.toLowerCase());
  });
}

describe('package.json: contributed commands', () => {
  it('the Title Case check itself: small words may stay lower case inside a title, never first or last', () => {
    assert.deepEqual(titleCaseProblems('Refresh vehicles'), ['vehicles']);
    assert.deepEqual(titleCaseProblems('Set charge limit…'), ['charge', 'limit']);
    assert.deepEqual(titleCaseProblems('Sign In to Tesla'), []);
    assert.deepEqual(titleCaseProblems('Open as JSON'), []);
    assert.deepEqual(titleCaseProblems('Turn Climate on'), ['on']);
    assert.deepEqual(titleCaseProblems('Check PEM Key Hosting'), []);
  });

  it('every command title is Title Case', () => {
    const bad = pkg.contributes.commands.map((c) => ({ c, words: titleCaseProblems(c.title) })).filter((x) => x.words.length);
    assert.deepEqual(
      bad.map((x) => `${x.c.command}: "${x.c.title}" (${x.words.join(', ')})`),
      [],
    );
  });

  it('every command title speaks with one voice: an imperative verb first, "…" (not "...") when it asks for more, no full stop, the category says Fleetkit', () => {
    for (const c of pkg.contributes.commands) {
      assert.ok(VERBS.has(c.title.split(' ')[0]!), `${c.command}: "${c.title}" starts with a verb (add it to VERBS if it is one)`);
      assert.doesNotMatch(c.title, /\.\.\.|\.$/, c.command);
      assert.doesNotMatch(c.title, /fleetkit/i, `${c.command}: the category adds "Fleetkit:"`);
      assert.equal(c.category, 'Fleetkit', c.command);
    }
    // The commands that go on to ask something end with the ellipsis.
    for (const id of ['fleetkit.sendCommand', 'fleetkit.setChargeLimit', 'fleetkit.configureCommandTransport', 'fleetkit.setClientSecret']) {
      assert.match(pkg.contributes.commands.find((c) => c.command === id)?.title ?? '', /…$/, id);
    }
  });
});

/** Evaluates the `when` clauses this manifest uses: `a && b`, `key == value`, `key != value`, `key =~ /re/`. */
function when(clause: string | undefined, context: Record<string, string>): boolean {
  if (!clause) return true;
  return clause.split('&&').every((part) => {
    const m = /^\s*([\w.]+)\s*(==|!=|=~)\s*(.+?)\s*$/.exec(part);
    if (!m) throw new Error(`unsupported when clause "${part}": teach this test its syntax`);
    const [, key, op, value] = m;
    const actual = context[key!] ?? '';
    if (op === '=~') {
      const re = /^\/(.*)\/([a-z]*)$/.exec(value!);
      if (!re) throw new Error(`not a regex: ${value}`);
      return new RegExp(re[1]!, re[2]).test(actual);
    }
    return op === '==' ? actual === value : actual !== value;
  });
}

describe('package.json: inline actions on the vehicles tree', () => {
  const record = (state: string, key?: boolean): VehicleRecord => ({
    accountId: 'a',
    vin: '5YJ3E1EA8KF000001',
    id: 1,
    summary: { id: 1, vin: '5YJ3E1EA8KF000001', state, display_name: 'Commuter' } as VehicleRecord['summary'],
    stateAt: 0,
    sectionsAt: {},
    raws: {},
    ...(key === undefined ? {} : { key: { paired: key, at: 0 } }),
  });
  // The context values the tree really sets (core/vehicle-model/tree-model.ts), for every state and key status.
  const rows = ['online', 'asleep', 'offline', 'unknown'].flatMap((state) =>
    [undefined, true, false].map((key) => vehicleNode(record(state, key), 0).contextValue!),
  );
  rows.push(
    ...(['tesla', 'simulator'] as const).map(
      (environment) => accountNode({ id: 'a', label: 'ada@example.com', region: 'na', environment, baseUrl: 'https://x' }, new VehicleCache(), 0).contextValue!,
    ),
  );

  it('no row of the vehicles view shows more than three inline actions (the rest are in its context menu)', () => {
    const items = pkg.contributes.menus['view/item/context'] ?? [];
    assert.ok(rows.includes('fleetkit.vehicle.asleep.unpaired') && rows.includes('fleetkit.account.simulator'), rows.join(' '));
    for (const viewItem of rows) {
      const inline = items.filter((i) => i.group?.startsWith('inline') && when(i.when, { view: 'fleetkit.vehicles', viewItem }));
      assert.ok(inline.length <= 3, `${viewItem}: ${inline.length} inline actions (${inline.map((i) => i.command).join(', ')})`);
      const menu = new Set(items.filter((i) => !i.group?.startsWith('inline') && when(i.when, { view: 'fleetkit.vehicles', viewItem })).map((i) => i.command));
      for (const i of inline) assert.ok(menu.has(i.command), `${viewItem}: inline ${i.command} is in the context menu too`);
    }
  });

  it('an asleep car offers Fetch Live Data, Wake Vehicle and Send Command… inline; Lock and Unlock are in the context menu', () => {
    const items = pkg.contributes.menus['view/item/context'] ?? [];
    const ctx = { view: 'fleetkit.vehicles', viewItem: 'fleetkit.vehicle.asleep.paired' };
    const inline = items.filter((i) => i.group?.startsWith('inline') && when(i.when, ctx)).sort((a, b) => a.group!.localeCompare(b.group!));
    assert.deepEqual(
      inline.map((i) => i.command),
      ['fleetkit.fetchLiveData', 'fleetkit.wakeVehicle', 'fleetkit.sendCommand'],
    );
    const menu = items.filter((i) => !i.group?.startsWith('inline') && when(i.when, ctx)).map((i) => i.command);
    assert.ok(menu.includes('fleetkit.lockDoors') && menu.includes('fleetkit.unlockDoors'));
  });
});
