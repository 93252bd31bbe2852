import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLanguageService, type JSONSchema } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { expectedCheckDigit, vinProblem } from '../../../core/vin/vin';
import { defaultWorld } from '../../../simulator/world/default-world';
import { validateWorld, WorldValidationError } from '../../../simulator/world/validate';
import { DEFAULT_RATE_LIMITS } from '../../../simulator/world/types';
import { expandRedirectUris } from '../../../simulator/world/world';

const schema = JSON.parse(readFileSync(join(__dirname, '../../../schemas/sim-world.schema.json'), 'utf8')) as JSONSchema;

async function schemaErrors(value: unknown): Promise<string[]> {
  const ls = getLanguageService({});
  const doc = TextDocument.create('file:///world.json', 'json', 1, JSON.stringify(value, null, 2));
  const diags = await ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error' }, schema);
  return diags.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}

function problems(value: unknown): string[] {
  try {
    validateWorld(value);
    return [];
  } catch (err) {
    assert.ok(err instanceof WorldValidationError);
    return err.problems;
  }
}

describe('simulator world file', () => {
  it("the built-in cars' VINs carry valid check digits (Fleetkit's own FT243 rule must not flag the demo fleet)", () => {
    const vins = defaultWorld().vehicles.map((v) => v.vin);
    assert.equal(vins.length, 6);
    for (const vin of vins) {
      assert.equal(vinProblem(vin), undefined, vin);
      assert.equal(expectedCheckDigit(vin), vin[8], `${vin}: check digit`);
    }
  });

  it('the embedded default world passes both the validator and the JSON schema', async () => {
    const w = defaultWorld();
    assert.deepEqual(problems(w), []);
    assert.deepEqual(await schemaErrors(w), []);
    const regions = new Set(w.accounts.map((a) => a.region));
    assert.deepEqual([...regions].sort(), ['EU', 'NA']);
    const states = new Set(w.vehicles.map((v) => v.state));
    assert.deepEqual([...states].sort(), ['asleep', 'offline', 'online']);
    assert.ok(w.vehicles.some((v) => v.model === 'S' && v.year < 2021 && v.commandProtocolRequired === false));
    assert.ok(w.vehicles.some((v) => v.keyPaired) && w.vehicles.some((v) => !v.keyPaired));
    assert.ok(w.app.redirectUris.some((u) => u.startsWith('http://127.0.0.1:')));
    assert.ok(w.app.redirectUris.includes('${auth}/fleetkit/callback'));
    assert.ok(w.app.redirectUris.includes('${browser}/fleetkit/callback'));
  });

  it('expands ${auth} and ${browser} in redirect URIs (${browser} falls back to the auth URL; no duplicates)', () => {
    const uris = ['http://127.0.0.1:48123/callback', '${auth}/fleetkit/callback', '${browser}/fleetkit/callback'];
    const fleet = { NA: 'https://127.0.0.1:2', EU: 'https://127.0.0.1:3' };
    assert.deepEqual(expandRedirectUris(uris, { auth: 'https://127.0.0.1:1', fleet, browser: 'http://127.0.0.1:4' }), [
      'http://127.0.0.1:48123/callback',
      'https://127.0.0.1:1/fleetkit/callback',
      'http://127.0.0.1:4/fleetkit/callback',
    ]);
    assert.deepEqual(expandRedirectUris(uris, { auth: 'https://127.0.0.1:1', fleet }), [
      'http://127.0.0.1:48123/callback',
      'https://127.0.0.1:1/fleetkit/callback',
    ]);
  });

  it('fills defaults for settings and rate limits; null removes a limit', () => {
    const w = defaultWorld() as unknown as Record<string, unknown>;
    delete w.settings;
    w.rateLimits = { perVehicle: { wakes: null, data: { limit: 5, windowSeconds: 10 } } };
    const out = validateWorld(w);
    assert.equal(out.settings.tokenTtlSeconds, 28800);
    assert.equal(out.rateLimits.perVehicle.wakes, undefined);
    assert.deepEqual(out.rateLimits.perVehicle.data, { limit: 5, windowSeconds: 10 });
    assert.deepEqual(out.rateLimits.perAccount, DEFAULT_RATE_LIMITS.perAccount);
  });

  it('app.requirePartnerRegistration is accepted by the validator and the schema, and kept', async () => {
    const w = defaultWorld();
    w.app.requirePartnerRegistration = true;
    assert.deepEqual(await schemaErrors(w), []);
    assert.equal(validateWorld(w).app.requirePartnerRegistration, true);
    assert.equal(validateWorld(defaultWorld()).app.requirePartnerRegistration, undefined);
  });

  it('vehicles[].replyCounters (per-session | per-request) is accepted by the validator and the schema, and kept', async () => {
    const w = defaultWorld();
    w.vehicles[0].replyCounters = 'per-request';
    w.vehicles[1].replyCounters = 'per-session';
    assert.deepEqual(await schemaErrors(w), []);
    assert.deepEqual(
      validateWorld(w)
        .vehicles.slice(0, 2)
        .map((v) => v.replyCounters),
      ['per-request', 'per-session'],
    );
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helpers read loosely typed JSON
  const broken: Array<[string, (w: Record<string, any>) => void, RegExp, boolean?]> = [
    ['missing client secret', (w) => delete w.app.clientSecret, /app\.clientSecret/],
    ['relative redirect URI', (w) => (w.app.redirectUris = ['/callback']), /app\.redirectUris\[0\]/],
    ['unknown scope', (w) => (w.app.scopes = ['openid', 'teleport']), /app\.scopes\[1\]/],
    ['non-boolean requirePartnerRegistration', (w) => (w.app.requirePartnerRegistration = 'yes'), /app\.requirePartnerRegistration/],
    ['bad region', (w) => (w.accounts[0].region = 'CN'), /accounts\[0\]\.region/],
    ['bad VIN', (w) => (w.vehicles[0].vin = '5YJ3E1EA7KF00000O'), /vehicles\[0\]\.vin/],
    ['unknown owner', (w) => (w.vehicles[1].owner = 'ghost'), /vehicles\[1\]\.owner: unknown account/, false],
    ['bad state', (w) => (w.vehicles[2].state = 'sleeping'), /vehicles\[2\]\.state/],
    ['bad firmware', (w) => (w.vehicles[0].firmware = 'v12'), /vehicles\[0\]\.firmware/],
    ['unknown replyCounters', (w) => (w.vehicles[0].replyCounters = 'per-epoch'), /vehicles\[0\]\.replyCounters/],
    ['unknown override section', (w) => (w.vehicles[0].overrides = { media: {} }), /vehicles\[0\]\.overrides\.media/],
    ['negative setting', (w) => (w.settings.wakeSeconds = -1), /settings\.wakeSeconds/],
    ['zero limit', (w) => (w.rateLimits.perAccount.data = { limit: 0, windowSeconds: 60 }), /rateLimits\.perAccount\.data\.limit/],
    ['unknown top-level key', (w) => (w.cars = []), /\(root\)\.cars/],
  ];
  for (const [name, mutate, expected, schemaCanTell = true] of broken) {
    it(`rejects ${name} (validator and schema agree)`, async () => {
      const w = structuredClone(defaultWorld()) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      mutate(w);
      const p = problems(w);
      assert.ok(
        p.some((x) => expected.test(x)),
        p.join('\n'),
      );
      // Cross-references (owner → account) are beyond JSON Schema; everything else it must catch as well.
      if (schemaCanTell) assert.notDeepEqual(await schemaErrors(w), [], 'the schema rejects it too');
    });
  }

  it('reports duplicate VINs and account ids', () => {
    const w = defaultWorld();
    w.vehicles.push({ ...w.vehicles[0] });
    w.accounts.push({ ...w.accounts[0] });
    const p = problems(w);
    assert.ok(p.some((x) => /duplicate VIN/.test(x)));
    assert.ok(p.some((x) => /duplicate account id/.test(x)));
  });
});
